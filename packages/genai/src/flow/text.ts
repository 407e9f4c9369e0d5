/**
 * Turning arbitrary values into short, safe strings for span attributes and events. Nothing here
 * throws, whatever it is given (circular, huge, BigInt, throwing getters).
 */

/** Marker that ends a string cut short. */
export const TRUNCATION_MARKER = '…';

/** Default length limit of a sanitized message, in UTF-16 code units. */
export const MESSAGE_LIMIT = 512;

/** Default length limit of a stringified value (schema, output, stack), in UTF-16 code units. */
export const VALUE_LIMIT = 2048;

/** Where a JavaScript stack trace starts inside an error message or `stack`. */
const STACK_FRAME = /\n\s*at /;

/** `text` cut to at most `limit` code units, ending in {@link TRUNCATION_MARKER} when cut. */
export function capText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let end = Math.max(0, limit - TRUNCATION_MARKER.length);
  // Never split a surrogate pair: a lone high surrogate is not valid UTF-8 on the wire.
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + TRUNCATION_MARKER;
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

/**
 * `value` as JSON, capped at `limit`. Strings are kept as they are (not quoted). Circular
 * references become `"[Circular]"`, nesting deeper than 32 levels `"[Deep]"`, BigInts their
 * decimal string; serialization stops as soon as the output passes the limit, so a huge value is
 * never copied whole. A value that cannot be serialized (a throwing `toJSON` or getter) gives
 * `[unserializable]`; `undefined`, functions and symbols give `String(value)`.
 */
export function toCappedJson(value: unknown, limit: number = VALUE_LIMIT): string {
  if (typeof value === 'string') return capText(value, limit);
  const writer = new CappedWriter(limit);
  try {
    if (!writeJson(value, writer, [], limit)) return String(value);
  } catch (error) {
    if (error !== OUTPUT_FULL) return '[unserializable]';
  }
  return capText(writer.text(), limit);
}

const MAX_DEPTH = 32;

/** Thrown by {@link CappedWriter} to stop serializing once the limit is passed. */
const OUTPUT_FULL: unique symbol = Symbol('output full');

class CappedWriter {
  private readonly parts: string[] = [];
  private length = 0;

  constructor(private readonly limit: number) {}

  write(part: string): void {
    this.parts.push(part);
    this.length += part.length;
    if (this.length > this.limit) throw OUTPUT_FULL;
  }

  text(): string {
    return this.parts.join('');
  }
}

/** Writes `value` as JSON; false (nothing written) for what JSON leaves out. */
function writeJson(value: unknown, out: CappedWriter, ancestors: object[], limit: number): boolean {
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  switch (typeof value) {
    case 'string':
      out.write(JSON.stringify(value.length > limit ? value.slice(0, limit) : value));
      return true;
    case 'number':
      out.write(Number.isFinite(value) ? String(value) : 'null');
      return true;
    case 'boolean':
      out.write(String(value));
      return true;
    case 'bigint':
      out.write(`"${value.toString()}"`);
      return true;
    case 'object':
      if (value === null) out.write('null');
      else if (ancestors.includes(value)) out.write('"[Circular]"');
      else if (ancestors.length >= MAX_DEPTH) out.write('"[Deep]"');
      else writeContainer(value, out, ancestors, limit);
      return true;
    default:
      return false;
  }
}

function writeContainer(value: object, out: CappedWriter, ancestors: object[], limit: number): void {
  ancestors.push(value);
  if (Array.isArray(value)) {
    out.write('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.write(',');
      if (!writeJson(value[i], out, ancestors, limit)) out.write('null');
    }
    out.write(']');
  } else {
    out.write('{');
    let first = true;
    for (const key of Object.keys(value)) {
      const member = (value as Record<string, unknown>)[key];
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
      out.write(`${first ? '' : ','}${JSON.stringify(key)}:`);
      first = false;
      if (!writeJson(member, out, ancestors, limit)) out.write('null');
    }
    out.write('}');
  }
  ancestors.pop();
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
