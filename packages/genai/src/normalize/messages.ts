/**
 * The message shape of the GenAI conventions' `gen_ai.input.messages` / `gen_ai.output.messages`
 * (a JSON array of `{ role, parts: [{ type, ... }] }`; output messages also carry `finish_reason`),
 * and small builders the normalizers share.
 */

/** One part of a message: `text`, `tool_call`, `tool_call_response`, `reasoning`, or any other type. */
export interface MessagePart {
  type: string;
  [field: string]: unknown;
}

/** One chat message in the conventions' shape. */
export interface ChatMessage {
  role: string;
  parts: MessagePart[];
  /** Participant name, when the source had one. */
  name?: string;
  /** Output messages only: why generation stopped. */
  finish_reason?: string;
}

/** A `text` part. */
export function textPart(content: string): MessagePart {
  return { type: 'text', content };
}

/** A `tool_call` part; `args` given as a JSON string is parsed when it is valid JSON. */
export function toolCallPart(id: unknown, name: unknown, args: unknown): MessagePart {
  const part: MessagePart = { type: 'tool_call', name: typeof name === 'string' ? name : '' };
  if (typeof id === 'string' && id !== '') part.id = id;
  if (args !== undefined) part.arguments = typeof args === 'string' ? (parseJson(args) ?? args) : args;
  return part;
}

/** A `tool_call_response` part; a JSON string response is parsed when it is valid JSON. */
export function toolResponsePart(id: unknown, response: unknown): MessagePart {
  const part: MessagePart = { type: 'tool_call_response', response: typeof response === 'string' ? (parseJson(response) ?? response) : response };
  if (typeof id === 'string' && id !== '') part.id = id;
  return part;
}

/** `text` parsed as JSON, or undefined when it is not JSON. Never throws. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** `value` when it is a plain (non-array) object, else undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The conventions' finish reason for a source value (`tool-calls` → `tool_call`, `content-filter` → `content_filter`). */
export function canonicalFinishReason(reason: string): string {
  switch (reason) {
    case 'tool-calls':
    case 'tool_calls':
    case 'function_call':
      return 'tool_call';
    case 'content-filter':
      return 'content_filter';
    default:
      return reason;
  }
}

/** Text of a message whose parts are all text, joined; undefined when it has other parts. */
export function plainText(message: ChatMessage): string | undefined {
  let text = '';
  for (const part of message.parts) {
    if (part.type !== 'text' || typeof part.content !== 'string') return undefined;
    text += part.content;
  }
  return text;
}
