/** Options of size limits (the `limits` option of `GenAiSpanProcessor`). Every field is optional. */
export interface LimitOptions {
  /**
   * Longest string attribute value, in UTF-16 code units, on the span and its events (string
   * array elements count one by one). Longer values are cut and end with `…[truncated N chars]`;
   * JSON content (messages, documents) is cut inside its longest strings so it stays valid JSON.
   * Pass `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT` here to follow it (this module reads no environment). Default: no limit.
   */
  maxAttributeValueLength?: number;
  /**
   * Most chat messages kept in `gen_ai.input.messages`, `ai.prompt.messages` and the flattened
   * `llm.input_messages.*` / `gen_ai.prompt.*` lists: the first system message, then the latest
   * ones. Default: no limit.
   */
  maxMessages?: number;
}

/** Limits with defaults applied (`Infinity` where there is none). */
export interface ResolvedLimits {
  readonly maxAttributeValueLength: number;
  readonly maxMessages: number;
}

/** Applies the defaults. Throws a TypeError naming the option for a value that is not a positive integer. */
export function resolveLimitOptions(options: LimitOptions): ResolvedLimits {
  if (typeof options !== 'object' || options === null) throw new TypeError('limits must be an options object');
  return {
    maxAttributeValueLength: positiveInteger('limits.maxAttributeValueLength', options.maxAttributeValueLength),
    maxMessages: positiveInteger('limits.maxMessages', options.maxMessages),
  };
}

function positiveInteger(name: string, value: number | undefined): number {
  if (value === undefined) return Infinity;
  if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer; got ${String(value)}`);
  return value;
}
