import { randomUUID } from 'node:crypto';
import type { ChatRequest } from './chat-request';
import { composeReply } from './compose-reply';
import { countTokens, truncateToTokens } from './tokenize';

/**
 * Snapshot date appended to a requested model name, as the real API reports `gpt-4o-mini-2024-07-18`
 * for a request of `gpt-4o-mini`. Exercises model-name normalization downstream.
 */
const MODEL_SNAPSHOT_SUFFIX = '-2024-07-18';

/** Token counts of one completion, by the tokenizer in `tokenize.ts`. */
export interface Usage {
  /** Tokens of the text of every request message, summed. */
  prompt_tokens: number;
  /** Tokens of the reply as returned (after any `max_tokens` cut). */
  completion_tokens: number;
  /** The sum of both. */
  total_tokens: number;
}

/** One answered request, before it is shaped as a JSON response or as stream chunks. */
export interface Completion {
  /** `chatcmpl-` followed by a random hex id. */
  id: string;
  /** Unix time in seconds. */
  created: number;
  /** The model reported back: the requested one with {@link MODEL_SNAPSHOT_SUFFIX}. */
  model: string;
  /** The reply text. */
  content: string;
  /** `length` when `max_tokens` cut the reply, else `stop`. */
  finishReason: 'stop' | 'length';
  /** Real counts of what was sent and returned. */
  usage: Usage;
}

const SYSTEM_FINGERPRINT = 'fp_agent_otel_stand_in';

/** Answers a validated request. `now` (default `Date.now()`) only sets `created`. */
export function complete(request: ChatRequest, now: number = Date.now()): Completion {
  const full = composeReply(request.messages);
  const content = request.maxTokens === undefined ? full : truncateToTokens(full, request.maxTokens);
  const promptTokens = request.messages.reduce((sum, message) => sum + countTokens(message.text), 0);
  const completionTokens = countTokens(content);
  return {
    id: `chatcmpl-${randomUUID().replace(/-/g, '')}`,
    created: Math.floor(now / 1000),
    model: snapshotModel(request.model),
    content,
    finishReason: content === full ? 'stop' : 'length',
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
}

/** `gpt-4o-mini` becomes `gpt-4o-mini-2024-07-18`; a name already ending in a date is kept. */
function snapshotModel(model: string): string {
  return /-\d{4}-\d{2}-\d{2}$/.test(model) ? model : `${model}${MODEL_SNAPSHOT_SUFFIX}`;
}

/** The non-streaming response body (`object: 'chat.completion'`). */
export function toChatCompletion(completion: Completion): object {
  return {
    id: completion.id,
    object: 'chat.completion',
    created: completion.created,
    model: completion.model,
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: completion.content, refusal: null },
        logprobs: null,
        finish_reason: completion.finishReason,
      },
    ],
    usage: completion.usage,
  };
}

/**
 * The streamed response as `chat.completion.chunk` objects, in order: the role, one chunk per word
 * of the reply (each word with the whitespace after it, so the deltas concatenate to the reply),
 * the finish reason, and — with `includeUsage` — a last chunk with no choices and the usage. With
 * `includeUsage` every other chunk carries `usage: null`, as the real API does.
 */
export function toChunks(completion: Completion, includeUsage: boolean): object[] {
  const chunk = (choices: object[], usage?: Usage | null): object => ({
    id: completion.id,
    object: 'chat.completion.chunk',
    created: completion.created,
    model: completion.model,
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices,
    ...(includeUsage ? { usage: usage ?? null } : {}),
  });
  const delta = (fields: object, finishReason: string | null = null): object => ({
    index: 0,
    delta: fields,
    logprobs: null,
    finish_reason: finishReason,
  });
  const pieces = completion.content.match(/\s*\S+\s*/g) ?? [];
  return [
    chunk([delta({ role: 'assistant', content: '', refusal: null })]),
    ...pieces.map((piece) => chunk([delta({ content: piece })])),
    chunk([delta({}, completion.finishReason)]),
    ...(includeUsage ? [chunk([], completion.usage)] : []),
  ];
}
