/**
 * Validation of a `POST /v1/chat/completions` body, with OpenAI's error shape for what is wrong.
 * Only the fields the stand-in uses are read; unknown fields are accepted and ignored, as the real
 * API ignores sampling parameters it does not need to echo.
 */

/** Message roles the chat-completions API accepts. */
const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

/** One chat message reduced to what the stand-in reads: its role and its text. */
export interface ChatMessageText {
  /** `system`, `developer`, `user`, `assistant`, `tool` or `function`. */
  role: string;
  /** The string content, or the `text` parts of an array content joined by newlines; `''` for none. */
  text: string;
}

/** A validated chat-completions request. */
export interface ChatRequest {
  /** The requested model, as sent. */
  model: string;
  /** The messages, in order. Never empty. */
  messages: ChatMessageText[];
  /** Whether to answer as server-sent events. */
  stream: boolean;
  /** Whether a streamed answer ends with a usage chunk (`stream_options.include_usage`). */
  includeUsage: boolean;
  /** `max_completion_tokens`, else `max_tokens`; `undefined` when neither is given. */
  maxTokens: number | undefined;
}

/** A request the API rejects with HTTP 400; `param` names the offending field. */
export class InvalidRequestError extends Error {
  /** @param param the request field at fault, `null` when it is the body as a whole */
  constructor(
    message: string,
    readonly param: string | null,
  ) {
    super(message);
    this.name = 'InvalidRequestError';
  }
}

/** Validates a parsed JSON body; throws {@link InvalidRequestError} for anything unusable. */
export function parseChatRequest(body: unknown): ChatRequest {
  if (!isObject(body)) {
    throw new InvalidRequestError('The request body must be a JSON object.', null);
  }
  if (body.model === undefined) {
    throw new InvalidRequestError("Missing required parameter: 'model'.", 'model');
  }
  if (typeof body.model !== 'string' || body.model === '') {
    throw new InvalidRequestError("Invalid type for 'model': expected a non-empty string.", 'model');
  }
  if (body.messages === undefined) {
    throw new InvalidRequestError("Missing required parameter: 'messages'.", 'messages');
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw new InvalidRequestError("Invalid 'messages': expected a non-empty array.", 'messages');
  }
  const messages = body.messages.map((message: unknown, index: number) => parseMessage(message, index));
  const maxTokens = parseMaxTokens(body);
  const streamOptions = body.stream_options;
  return {
    model: body.model,
    messages,
    stream: body.stream === true,
    includeUsage: isObject(streamOptions) && streamOptions.include_usage === true,
    maxTokens,
  };
}

function parseMessage(message: unknown, index: number): ChatMessageText {
  const param = `messages[${index}]`;
  if (!isObject(message)) {
    throw new InvalidRequestError(`Invalid '${param}': expected an object.`, param);
  }
  if (typeof message.role !== 'string' || !ROLES.has(message.role)) {
    throw new InvalidRequestError(`Invalid value for '${param}.role': expected one of ${[...ROLES].join(', ')}.`, `${param}.role`);
  }
  return { role: message.role, text: contentText(message.content, `${param}.content`) };
}

function contentText(content: unknown, param: string): string {
  if (content === undefined || content === null) return '';
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .filter((part): part is { text: string } => isObject(part) && typeof part.text === 'string')
      .map((part) => part.text)
      .join('\n');
  }
  throw new InvalidRequestError(`Invalid type for '${param}': expected a string or an array.`, param);
}

function parseMaxTokens(body: Record<string, unknown>): number | undefined {
  for (const param of ['max_completion_tokens', 'max_tokens']) {
    const value = body[param];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new InvalidRequestError(`Invalid '${param}': expected an integer of at least 1.`, param);
    }
    return value;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
