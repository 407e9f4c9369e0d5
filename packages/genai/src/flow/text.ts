/**
 * Turning arbitrary values into short, safe strings for span attributes and events. Nothing here
 * throws, whatever it is given (circular, huge, BigInt, throwing getters).
 */
import { serializeJson, type JsonStyle } from '../limits/safe-json';
import { truncateText } from '../limits/truncate';

/** Marker that ends a string cut short. */
const TRUNCATION_MARKER = '…';

/** Default length limit of a sanitized message, in UTF-16 code units. */
const MESSAGE_LIMIT = 512;

/** Default length limit of a stringified value (schema, output, stack), in UTF-16 code units. */
export const VALUE_LIMIT = 2048;

/** Where a JavaScript stack trace starts inside an error message or `stack`. */
const STACK_FRAME = /\n\s*at /;

/**
 * `text` cut to at most `limit` code units, ending in {@link TRUNCATION_MARKER} when cut (the
 * package's one truncator, {@link truncateText}, with this short marker). Never splits a surrogate pair.
 */
export function capText(text: string, limit: number): string {
  return truncateText(text, limit, TRUNCATION_MARKER);
}

/**
 * A one-line message: the text before any stack frame, whitespace runs collapsed to one space,
 * trimmed, and capped at `limit`.
 */
export function sanitizeMessage(text: string, limit: number = MESSAGE_LIMIT): string {
  const stackStart = text.search(STACK_FRAME);
  const head = stackStart >= 0 ? text.slice(0, stackStart) : text;
  return capText(head.replace(/\s+/g, ' ').trim(), limit);
}

/** The stack frames of a `stack` string (from the first `at` line on), or undefined when it has none. */
export function stackFrames(stack: string): string | undefined {
  const start = stack.search(STACK_FRAME);
  return start >= 0 ? stack.slice(start + 1) : undefined;
}

/** A non-empty sanitized string from `value`, or undefined when it is not a non-empty string. */
export function optionalText(value: unknown, limit: number = MESSAGE_LIMIT): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = sanitizeMessage(value, limit);
  return text === '' ? undefined : text;
}

/** The style of values the flow helpers record: `JSON.stringify`'s rules, 32 levels deep. */
const CAPPED_JSON: JsonStyle = { maxDepth: 32, depthMarker: '[Deep]', extended: false };

/**
 * `value` as JSON, capped at `limit` (through the package's one serializer, {@link serializeJson}).
 * Strings are kept as they are (not quoted). Circular references become `"[Circular]"`, nesting
 * deeper than 32 levels `"[Deep]"`, BigInts their decimal string; serialization stops as soon as
 * the output passes the limit, so a huge value is never copied whole. A value that cannot be
 * serialized (a throwing `toJSON` or getter) gives `[unserializable]`; `undefined`, functions and
 * symbols give `String(value)`.
 */
export function toCappedJson(value: unknown, limit: number = VALUE_LIMIT): string {
  if (typeof value === 'string') return capText(value, limit);
  try {
    const { text, written } = serializeJson(value, limit, CAPPED_JSON);
    return written ? capText(text, limit) : String(value);
  } catch {
    return '[unserializable]';
  }
}

/** The message of a thrown value: its `message` when it is a string, else a string form of it. */
export function messageOf(error: unknown): string {
  try {
    if (typeof error === 'object' && error !== null) {
      const message = (error as { message?: unknown }).message;
      if (typeof message === 'string') return message;
      return toCappedJson(error);
    }
    return String(error);
  } catch {
    return '[unserializable]';
  }
}
