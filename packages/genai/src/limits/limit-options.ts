/** Options of size limits (the `limits` option of `GenAiSpanProcessor`). Every field is optional. */
export interface LimitOptions {
  /**
   * Longest string attribute value, in UTF-16 code units, on the span, its events and its links
   * (string array elements count one by one). Longer values are cut and end with
   * `…[truncated N chars]`; JSON content (messages, documents) is cut inside its longest strings so
   * it stays valid JSON. Pass `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT` here to follow it (this module
   * reads no environment). `Infinity` turns it off. Default: 131072 (128 Ki).
   */
  maxAttributeValueLength?: number;
  /**
   * Most UTF-16 units of string values on one span in total (its attributes, its events' and its
   * links' attributes). Above it, the longest values are cut first, all to one common length.
   * At least `maxAttributeValueLength`. `Infinity` turns it off. Default: 1048576 (1 Mi).
   */
  maxSpanContentLength?: number;
  /**
   * Most chat messages kept in `gen_ai.input.messages`, `ai.prompt.messages` and the flattened
   * `llm.input_messages.*` / `gen_ai.prompt.*` lists: the first system message, then the latest
   * ones. Default: no limit.
   */
  maxMessages?: number;
  /**
   * What becomes of NaN, Infinity and -Infinity in attributes of the span, its events and its
   * links: `string` writes them as the strings `"NaN"`, `"Infinity"`, `"-Infinity"` (a number array
   * holding one becomes an array of strings), which every backend stores; `keep` leaves them as
   * numbers (Jaeger's query API then fails on the whole trace). Default: `string`.
   */
  nonFiniteNumbers?: 'string' | 'keep';
}

/** Limits with defaults applied (`Infinity` where there is none). */
export interface ResolvedLimits {
  readonly maxAttributeValueLength: number;
  readonly maxSpanContentLength: number;
  readonly maxMessages: number;
  readonly nonFiniteNumbers: 'string' | 'keep';
}

/** The limits that apply when none are given. */
export const DEFAULT_LIMITS: ResolvedLimits = Object.freeze({
  maxAttributeValueLength: 128 * 1024,
  maxSpanContentLength: 1024 * 1024,
  maxMessages: Infinity,
  nonFiniteNumbers: 'string',
});

/**
 * How far beyond the limits a value may be before it is cut ahead of redaction: what is longer than
 * `maxAttributeValueLength` + this (or a span's content beyond `maxSpanContentLength` + this) is
 * cut to it first, so redaction never scans more; the exact limits apply after redaction.
 */
export const PRE_CUT_HEADROOM = 64 * 1024;

/**
 * Units dropped before the marker of a value cut ahead of redaction, after redaction: the part of
 * a sensitive value that the cut halved (no detector finds half an e-mail) does not survive.
 */
export const PRE_CUT_TAIL = 512;

/** Applies the defaults. Throws a TypeError naming the option for an invalid value. */
export function resolveLimitOptions(options: LimitOptions): ResolvedLimits {
  if (typeof options !== 'object' || options === null) throw new TypeError('limits must be an options object');
  const maxAttributeValueLength = limit('limits.maxAttributeValueLength', options.maxAttributeValueLength, DEFAULT_LIMITS.maxAttributeValueLength);
  const maxSpanContentLength = limit('limits.maxSpanContentLength', options.maxSpanContentLength, Math.max(DEFAULT_LIMITS.maxSpanContentLength, maxAttributeValueLength));
  if (maxSpanContentLength < maxAttributeValueLength) {
    throw new TypeError(`limits.maxSpanContentLength (${maxSpanContentLength}) must not be less than limits.maxAttributeValueLength (${maxAttributeValueLength})`);
  }
  const nonFiniteNumbers = options.nonFiniteNumbers ?? DEFAULT_LIMITS.nonFiniteNumbers;
  if (nonFiniteNumbers !== 'string' && nonFiniteNumbers !== 'keep') {
    throw new TypeError(`limits.nonFiniteNumbers must be string or keep; got ${JSON.stringify(nonFiniteNumbers)}`);
  }
  return {
    maxAttributeValueLength,
    maxSpanContentLength,
    maxMessages: limit('limits.maxMessages', options.maxMessages, Infinity),
    nonFiniteNumbers,
  };
}

function limit(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (value === Infinity) return value;
  if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer or Infinity; got ${String(value)}`);
  return value;
}
