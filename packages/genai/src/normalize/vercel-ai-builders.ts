import type { AttributeValue, Attributes } from '@opentelemetry/api';
import { asRecord, canonicalFinishReason, parseJson, textPart, toolCallPart, toolResponsePart, type ChatMessage, type MessagePart } from './messages';

/**
 * Builders for the Vercel AI SDK's `experimental_telemetry` content: `ai.prompt.messages` (model
 * calls), `ai.prompt` (`{ system?, prompt?, messages? }` on the top-level call), and
 * `ai.response.text` / `.toolCalls` / `.reasoning` / `.object`. AI SDK messages are
 * `{ role, content }` with content a string or parts (`text`, `reasoning`, `tool-call`,
 * `tool-result`, `image`, `file`).
 */

/** `ai.prompt.messages` as `gen_ai.input.messages` JSON. */
export function vercelPromptMessages(attributes: Attributes): AttributeValue | undefined {
  const raw = attributes['ai.prompt.messages'];
  if (typeof raw !== 'string') return undefined;
  const parsed = parseJson(raw);
  return Array.isArray(parsed) ? JSON.stringify(parsed.map(toMessage)) : undefined;
}

/** `ai.prompt`'s `messages` or `prompt` as `gen_ai.input.messages` JSON. */
export function vercelPromptInput(attributes: Attributes): AttributeValue | undefined {
  const prompt = parsedPrompt(attributes);
  if (prompt === undefined) return undefined;
  if (Array.isArray(prompt.messages)) return JSON.stringify(prompt.messages.map(toMessage));
  if (Array.isArray(prompt.prompt)) return JSON.stringify(prompt.prompt.map(toMessage));
  if (typeof prompt.prompt === 'string') return JSON.stringify([{ role: 'user', parts: [textPart(prompt.prompt)] }]);
  return undefined;
}

/** `ai.prompt`'s `system` as `gen_ai.system_instructions` JSON. */
export function vercelSystemInstructions(attributes: Attributes): AttributeValue | undefined {
  const system = parsedPrompt(attributes)?.system;
  return typeof system === 'string' && system !== '' ? JSON.stringify([textPart(system)]) : undefined;
}

/** `ai.response.*` as one assistant message in `gen_ai.output.messages` JSON. */
export function vercelOutputMessages(attributes: Attributes): AttributeValue | undefined {
  const parts: MessagePart[] = [];
  const reasoning = attributes['ai.response.reasoning'];
  if (typeof reasoning === 'string' && reasoning !== '') parts.push({ type: 'reasoning', content: reasoning });
  const text = attributes['ai.response.text'];
  if (typeof text === 'string' && text !== '') parts.push(textPart(text));
  const object = attributes['ai.response.object'];
  if (typeof object === 'string' && object !== '') parts.push(textPart(object));
  const toolCalls = attributes['ai.response.toolCalls'];
  const calls = typeof toolCalls === 'string' ? parseJson(toolCalls) : undefined;
  if (Array.isArray(calls)) {
    for (const call of calls) {
      const record = asRecord(call);
      if (record !== undefined) parts.push(toolCallPart(record.toolCallId, record.toolName, record.input ?? record.args));
    }
  }
  if (parts.length === 0) return undefined;
  const message: ChatMessage = { role: 'assistant', parts };
  const finishReason = attributes['ai.response.finishReason'];
  if (typeof finishReason === 'string' && finishReason !== '') message.finish_reason = canonicalFinishReason(finishReason);
  return JSON.stringify([message]);
}

function parsedPrompt(attributes: Attributes): Record<string, unknown> | undefined {
  const raw = attributes['ai.prompt'];
  return typeof raw === 'string' ? asRecord(parseJson(raw)) : undefined;
}

function toMessage(value: unknown): ChatMessage {
  const record = asRecord(value) ?? {};
  const role = typeof record.role === 'string' ? record.role : 'user';
  const content = record.content;
  if (typeof content === 'string') return { role, parts: [textPart(content)] };
  const parts: MessagePart[] = [];
  if (Array.isArray(content)) for (const item of content) parts.push(toPart(item));
  return { role, parts };
}

function toPart(value: unknown): MessagePart {
  const part = asRecord(value) ?? {};
  switch (part.type) {
    case 'text':
      return textPart(typeof part.text === 'string' ? part.text : '');
    case 'reasoning':
      return { type: 'reasoning', content: typeof part.text === 'string' ? part.text : '' };
    case 'tool-call':
      return toolCallPart(part.toolCallId, part.toolName, part.input ?? part.args);
    case 'tool-result':
      return toolResponsePart(part.toolCallId, toolOutput(part.output ?? part.result));
    case 'image':
    case 'file':
      return fileOrBlob(part);
    default:
      return { type: typeof part.type === 'string' ? part.type : 'unknown' };
  }
}

/** AI SDK 5+ tool outputs are `{ type: 'text' | 'json' | 'error-text' | ..., value }`; older ones are the value. */
function toolOutput(output: unknown): unknown {
  const record = asRecord(output);
  return record !== undefined && typeof record.type === 'string' && 'value' in record ? record.value : output;
}

function fileOrBlob(part: Record<string, unknown>): MessagePart {
  const data = part.image ?? part.data;
  const mimeType = typeof part.mediaType === 'string' ? part.mediaType : typeof part.mimeType === 'string' ? part.mimeType : null;
  const modality = part.type === 'image' ? 'image' : mimeType?.split('/')[0];
  if (typeof data === 'string' && /^https?:\/\//.test(data)) return { type: 'file_data', modality, mime_type: mimeType, uri: data };
  return { type: 'blob', modality, mime_type: mimeType, content: typeof data === 'string' ? data : '' };
}
