/**
 * JSON serialization that never throws, for content handed to the helpers: cycles become
 * `"[Circular]"`, BigInts their decimal string, functions `"[Function name]"`, symbols
 * `"[Symbol(description)]"`, values whose getters or `toJSON` throw `"[Unserializable: message]"`,
 * nesting deeper than 64 levels `"[MaxDepth]"`; Maps become arrays of `[key, value]` pairs and Sets
 * arrays. Output longer than `maxChars` is cut and stays valid JSON: open arrays and objects are
 * closed, the cut string or the dropped elements marked with `…[truncated N chars]` (N then counts
 * only what was serialized before the budget ran out); and serialization stops as soon as the
 * budget is spent, so a huge value costs no more than the budget.
 */
import { closeJsonPrefix } from './json-window';
import { truncationMarker } from './marker';

/** Default budget of {@link safeJsonStringify}: 1 MiB of UTF-16 units. */
export const DEFAULT_SAFE_JSON_MAX_CHARS = 1024 * 1024;
const MAX_DEPTH = 64;

class BudgetExceeded extends Error {}

/** `value` as JSON, within `maxChars` (default {@link DEFAULT_SAFE_JSON_MAX_CHARS}). Never throws. */
export function safeJsonStringify(value: unknown, maxChars: number = DEFAULT_SAFE_JSON_MAX_CHARS): string {
  const parts: string[] = [];
  let length = 0;
  const emit = (text: string): void => {
    parts.push(text);
    length += text.length;
    if (length > maxChars) throw new BudgetExceeded();
  };
  const ancestors: object[] = [];

  const write = (input: unknown, depth: number, inArray: boolean): boolean => {
    let item = input;
    if (typeof item === 'object' && item !== null) {
      try {
        const toJSON = (item as { toJSON?: unknown }).toJSON;
        if (typeof toJSON === 'function') item = toJSON.call(item) as unknown;
      } catch (error) {
        emit(JSON.stringify(unserializable(error)));
        return true;
      }
    }
    switch (typeof item) {
      case 'string':
        emit(JSON.stringify(item));
        return true;
      case 'number':
        emit(Number.isFinite(item) ? String(item) : 'null');
        return true;
      case 'boolean':
        emit(item ? 'true' : 'false');
        return true;
      case 'bigint':
        emit(JSON.stringify(item.toString()));
        return true;
      case 'function':
        emit(JSON.stringify(`[Function ${item.name || 'anonymous'}]`));
        return true;
      case 'symbol':
        emit(JSON.stringify(`[${item.toString()}]`));
        return true;
      case 'undefined':
        if (inArray) emit('null');
        return inArray;
    }
    if (item === null) {
      emit('null');
      return true;
    }
    const object = item as object;
    if (ancestors.includes(object)) {
      emit('"[Circular]"');
      return true;
    }
    if (depth >= MAX_DEPTH) {
      emit('"[MaxDepth]"');
      return true;
    }
    const mark = parts.length;
    const markLength = length;
    ancestors.push(object);
    try {
      if (object instanceof Map) writeArray([...object.entries()], depth);
      else if (object instanceof Set) writeArray([...object.values()], depth);
      else if (Array.isArray(object)) writeArray(object, depth);
      else writeObject(object as Record<string, unknown>, depth);
    } catch (error) {
      if (error instanceof BudgetExceeded) throw error;
      parts.length = mark;
      length = markLength;
      emit(JSON.stringify(unserializable(error)));
    } finally {
      ancestors.pop();
    }
    return true;
  };

  const writeArray = (items: readonly unknown[], depth: number): void => {
    emit('[');
    for (let i = 0; i < items.length; i++) {
      if (i > 0) emit(',');
      let item: unknown;
      try {
        item = items[i];
      } catch (error) {
        emit(JSON.stringify(unserializable(error)));
        continue;
      }
      write(item, depth + 1, true);
    }
    emit(']');
  };

  const writeObject = (record: Record<string, unknown>, depth: number): void => {
    let keys: string[];
    try {
      keys = Object.keys(record);
    } catch (error) {
      emit(JSON.stringify(unserializable(error)));
      return;
    }
    emit('{');
    let first = true;
    for (const key of keys) {
      let item: unknown;
      try {
        item = record[key];
      } catch (error) {
        item = unserializable(error);
      }
      if (item === undefined) continue;
      const mark = parts.length;
      const markLength = length;
      emit(`${first ? '' : ','}${JSON.stringify(key)}:`);
      if (!write(item, depth + 1, false)) {
        parts.length = mark;
        length = markLength;
        continue;
      }
      first = false;
    }
    emit('}');
  };

  try {
    write(value, 0, false);
  } catch (error) {
    if (!(error instanceof BudgetExceeded)) return JSON.stringify(unserializable(error));
    const text = parts.join('');
    const closed = closeJsonPrefix(text, maxChars);
    if (closed !== undefined) return closed;
    const keep = Math.max(0, maxChars - truncationMarker(text.length).length);
    return text.slice(0, keep) + truncationMarker(text.length - keep);
  }
  return parts.length === 0 ? 'null' : parts.join('');
}

function unserializable(error: unknown): string {
  let message: string;
  try {
    message = error instanceof Error ? error.message : String(error);
  } catch {
    message = 'unknown error';
  }
  return `[Unserializable: ${message}]`;
}

/**
 * Message content given to a helper as a span attribute: a string as it is, anything else through
 * {@link safeJsonStringify} (cycles, BigInts, functions and symbols recorded as markers); undefined
 * for undefined. Never throws.
 */
export function safeContentAttribute(content: unknown): string | undefined {
  if (content === undefined) return undefined;
  return typeof content === 'string' ? content : safeJsonStringify(content);
}
