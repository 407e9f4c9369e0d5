/**
 * The one never-throwing JSON serializer of the package. Cycles become `"[Circular]"`, BigInts
 * their decimal string, nesting past the style's depth its depth marker; the {@link CONTENT_JSON}
 * style (the helpers' content, {@link safeJsonStringify}) also writes functions as
 * `"[Function name]"`, symbols as `"[Symbol(description)]"`, values whose getters or `toJSON`
 * throw as `"[Unserializable: message]"`, Maps as arrays of `[key, value]` pairs and Sets as
 * arrays, nesting deeper than 64 levels `"[MaxDepth]"`. Output longer than `maxChars` is cut and
 * stays valid JSON: open arrays and objects are closed, the cut string or the dropped elements
 * marked with `…[truncated N chars]` (N then counts only what was serialized before the budget ran
 * out); and serialization stops as soon as the budget is spent (a string longer than the budget is
 * sliced before it is escaped), so a huge value costs no more than the budget.
 */
import { closeJsonPrefix } from './json-window';
import { truncationMarker } from './marker';

/** Default budget of {@link safeJsonStringify}: 1 MiB of UTF-16 units. */
const DEFAULT_SAFE_JSON_MAX_CHARS = 1024 * 1024;

/** How {@link serializeJson} writes what plain JSON cannot hold. */
export interface JsonStyle {
  /** Container nesting written before {@link JsonStyle.depthMarker} stands for the rest. */
  readonly maxDepth: number;
  /** The JSON string written in place of a container nested `maxDepth` deep. */
  readonly depthMarker: string;
  /**
   * true: functions and symbols are written as markers, Maps and Sets as arrays, and a value whose
   * getter, `toJSON` or keys throw as an `"[Unserializable: message]"` marker in its place.
   * false: `JSON.stringify`'s rules (functions and symbols left out, Maps and Sets as their own
   * enumerable keys) and a throwing getter, `toJSON` or key listing makes {@link serializeJson} throw.
   */
  readonly extended: boolean;
}

/** The style of message content given to the helpers: everything recorded, 64 levels deep. */
export const CONTENT_JSON: JsonStyle = { maxDepth: 64, depthMarker: '[MaxDepth]', extended: true };

/** What {@link serializeJson} wrote: `text` is whole JSON, or when `cut` its first part (longer than the budget). */
export interface SerializedJson {
  readonly text: string;
  readonly cut: boolean;
  /** False when the value is one JSON leaves out (undefined, and for a non-extended style a function or symbol): `text` is then `null`. */
  readonly written: boolean;
}

class BudgetExceeded extends Error {}

/**
 * `value` serialized in `style`, stopped as soon as the output passes `maxChars`. Throws only for a
 * non-extended style, when a getter, `toJSON` or key listing throws (that error).
 */
export function serializeJson(value: unknown, maxChars: number, style: JsonStyle): SerializedJson {
  const { maxDepth, depthMarker, extended } = style;
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
        if (!extended) throw error;
        emit(JSON.stringify(unserializable(error)));
        return true;
      }
    }
    switch (typeof item) {
      case 'string':
        emit(JSON.stringify(item.length > maxChars ? item.slice(0, maxChars) : item));
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
        if (!extended) return skipped(inArray);
        emit(JSON.stringify(`[Function ${item.name || 'anonymous'}]`));
        return true;
      case 'symbol':
        if (!extended) return skipped(inArray);
        emit(JSON.stringify(`[${item.toString()}]`));
        return true;
      case 'undefined':
        return skipped(inArray);
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
    if (depth >= maxDepth) {
      emit(JSON.stringify(depthMarker));
      return true;
    }
    const mark = parts.length;
    const markLength = length;
    ancestors.push(object);
    try {
      if (extended && object instanceof Map) writeArray([...object.entries()], depth);
      else if (extended && object instanceof Set) writeArray([...object.values()], depth);
      else if (Array.isArray(object)) writeArray(object, depth);
      else writeObject(object as Record<string, unknown>, depth);
    } catch (error) {
      if (error instanceof BudgetExceeded || !extended) throw error;
      parts.length = mark;
      length = markLength;
      emit(JSON.stringify(unserializable(error)));
    } finally {
      ancestors.pop();
    }
    return true;
  };

  /** What JSON leaves out: `null` in an array, nothing (false) elsewhere. */
  const skipped = (inArray: boolean): boolean => {
    if (inArray) emit('null');
    return inArray;
  };

  const writeArray = (items: readonly unknown[], depth: number): void => {
    emit('[');
    for (let i = 0; i < items.length; i++) {
      if (i > 0) emit(',');
      let item: unknown;
      try {
        item = items[i];
      } catch (error) {
        if (!extended) throw error;
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
      if (!extended) throw error;
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
        if (!extended) throw error;
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
    const written = write(value, 0, false);
    return { text: written ? parts.join('') : 'null', cut: false, written };
  } catch (error) {
    if (!(error instanceof BudgetExceeded)) throw error;
    return { text: parts.join(''), cut: true, written: true };
  }
}

/**
 * `value` as JSON in the {@link CONTENT_JSON} style, within `maxChars` (default
 * {@link DEFAULT_SAFE_JSON_MAX_CHARS}), still valid JSON when cut. Never throws.
 */
export function safeJsonStringify(value: unknown, maxChars: number = DEFAULT_SAFE_JSON_MAX_CHARS): string {
  let serialized: SerializedJson;
  try {
    serialized = serializeJson(value, maxChars, CONTENT_JSON);
  } catch (error) {
    return JSON.stringify(unserializable(error));
  }
  const { text, cut } = serialized;
  if (!cut) return text;
  const closed = closeJsonPrefix(text, maxChars);
  if (closed !== undefined) return closed;
  const keep = Math.max(0, maxChars - truncationMarker(text.length).length);
  return text.slice(0, keep) + truncationMarker(text.length - keep);
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
