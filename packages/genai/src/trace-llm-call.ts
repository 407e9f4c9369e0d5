import { context, SpanKind, type Span } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROMPT_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_PROMPT_VERSION,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
} from './attributes';
import { finiteNumber, spanName, startAttributes, tracerOf, type CommonSpanOptions, type GenAiContent } from './helper-options';
import { safeContentAttribute } from './limits/safe-json';
import { runInSpan } from './with-span';

/** Model operations (`gen_ai.operation.name`) that {@link traceLlmCall} records. */
export type LlmOperation = 'chat' | 'text_completion' | 'generate_content' | 'embeddings';

/** Options of {@link traceLlmCall}. */
export interface LlmCallOptions extends CommonSpanOptions {
  /** Model asked for (`gen_ai.request.model`), e.g. `gpt-4o-mini`. */
  model: string;
  /** GenAI provider (`gen_ai.provider.name`), e.g. `openai`, `anthropic`, `aws.bedrock`. */
  provider: string;
  /** Operation (`gen_ai.operation.name`). Default: `chat`. */
  operation?: LlmOperation;
  /** `gen_ai.request.temperature`. Default: none. */
  temperature?: number;
  /** `gen_ai.request.top_p`. Default: none. */
  topP?: number;
  /** `gen_ai.request.top_k`. Default: none. */
  topK?: number;
  /** `gen_ai.request.max_tokens`. Default: none. */
  maxTokens?: number;
  /** `gen_ai.request.frequency_penalty`. Default: none. */
  frequencyPenalty?: number;
  /** `gen_ai.request.presence_penalty`. Default: none. */
  presencePenalty?: number;
  /** `gen_ai.request.seed`. Default: none. */
  seed?: number;
  /** `gen_ai.request.stop_sequences`. Default: none. */
  stopSequences?: readonly string[];
  /**
   * Messages sent (`gen_ai.input.messages`): a JSON string, or an array serialized to JSON (safely:
   * cycles, BigInts, functions and symbols become markers; at most 1 MiB). Default: none.
   */
  inputMessages?: GenAiContent;
  /** System instructions sent apart from the messages (`gen_ai.system_instructions`). Default: none. */
  systemInstructions?: GenAiContent;
  /** Name of the prompt template used (`gen_ai.prompt.name`). Default: none. */
  promptName?: string;
  /** Version of that prompt template (`agent_otel.prompt.version`). Default: none. */
  promptVersion?: string;
}

/**
 * Runs `fn` inside a `{operation} {model}` span (e.g. `chat gpt-4o-mini`, kind CLIENT) for one model
 * call. Record the answer with `recordLlmResponse(span, ...)` inside `fn`. Ends when `fn` returns or
 * its promise settles; failures are recorded and rethrown. Non-finite numbers are left out.
 */
export function traceLlmCall<T>(options: LlmCallOptions, fn: (span: Span) => T): T {
  const operation = options.operation ?? GEN_AI_OPERATION_NAME_VALUE_CHAT;
  const attributes = startAttributes('traceLlmCall', options, {
    [ATTR_GEN_AI_OPERATION_NAME]: operation,
    [ATTR_GEN_AI_PROVIDER_NAME]: options.provider,
    [ATTR_GEN_AI_REQUEST_MODEL]: options.model,
    [ATTR_GEN_AI_REQUEST_TEMPERATURE]: finiteNumber(options.temperature),
    [ATTR_GEN_AI_REQUEST_TOP_P]: finiteNumber(options.topP),
    [ATTR_GEN_AI_REQUEST_TOP_K]: finiteNumber(options.topK),
    [ATTR_GEN_AI_REQUEST_MAX_TOKENS]: finiteNumber(options.maxTokens),
    [ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY]: finiteNumber(options.frequencyPenalty),
    [ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY]: finiteNumber(options.presencePenalty),
    [ATTR_GEN_AI_REQUEST_SEED]: finiteNumber(options.seed),
    [ATTR_GEN_AI_REQUEST_STOP_SEQUENCES]: options.stopSequences ? [...options.stopSequences] : undefined,
    [ATTR_GEN_AI_INPUT_MESSAGES]: safeContentAttribute(options.inputMessages),
    [ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]: safeContentAttribute(options.systemInstructions),
    [ATTR_GEN_AI_PROMPT_NAME]: options.promptName,
    [ATTR_PROMPT_VERSION]: options.promptVersion,
  });
  return runInSpan(tracerOf(options), spanName(operation, options.model), { kind: SpanKind.CLIENT, attributes }, context.active(), fn);
}
