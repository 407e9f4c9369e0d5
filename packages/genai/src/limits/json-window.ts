/**
 * Reading the start of a JSON text within a budget, as valid JSON: the bounded first pass of
 * `truncateJson`, and how a budgeted serializer closes what it wrote.
 */
import { cutUnits, truncationMarker } from './marker';

const MAX_WINDOW_DEPTH = 256;
const MIN_KEPT = 16;
const MAX_SKIPPED = 4 * 1024 * 1024;
const SKIP_PER_UNIT = 16;
const NUMBER_OR_LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

class NotJson extends Error {}

/**
 * JSON `json` in at most `max` units by keeping its start and dropping trailing elements (see
 * {@link readJsonWindow}); undefined when even that does not fit. `json` may be the first part of
 * a JSON text, longer than `max` (as a budgeted serializer leaves it): what is read is closed.
 */
export function closeJsonPrefix(json: string, max: number): string | undefined {
  for (let budget = max - 32; budget > 0; budget = Math.floor(budget / 2)) {
    const window = readJsonWindow(json, budget, max);
    if (window !== undefined && window.length <= max) return window;
  }
  return undefined;
}

/**
 * The start of JSON `text`, about `budget` units of it at most, as valid JSON: read from the
 * start, each string longer than `stringCap` cut (ending with the marker) and the rest of it
 * skipped, and when the budget is spent the open arrays and objects closed, the innermost with a
 * marker (an element in an array, a `"…"` member in an object). Its cost is bounded by `budget`:
 * the skipped parts of long strings are only searched for their closing quotes, 16 units per unit
 * of budget and 4 Mi units at most in all, and a string whose end lies beyond that ends the window. Undefined when what it reads is not JSON.
 */
export function readJsonWindow(text: string, budget: number, stringCap: number): string | undefined {
  const parts: string[] = [];
  let length = 0;
  let pos = 0;
  let exhausted = false;
  // Units that may be searched past the cap of long strings for their closing quote, in all:
  // in proportion to the budget, so that the cost stays in proportion to it too.
  let skipLeft = Math.min(MAX_SKIPPED, SKIP_PER_UNIT * budget);
  const emit = (part: string): void => {
    parts.push(part);
    length += part.length;
  };
  const skipSpace = (): void => {
    for (let c = text.charCodeAt(pos); c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09; c = text.charCodeAt(++pos));
  };
  /** Whether the budget is spent before the next element; notes the dropped rest in the marker. */
  const stop = (inObject: boolean): boolean => {
    let need = 0;
    if (inObject) {
      // A member whose key does not fit whole is not started: a key cut to a marker says little.
      skipSpace();
      const keyEnd = text[pos] === '"' ? closingQuote(text, pos + 1, Math.min(text.length, pos + 1 + stringCap)) : -1;
      need = keyEnd === -1 ? stringCap : keyEnd + 1 - pos + MIN_KEPT;
    }
    if (length + need < budget) return false;
    exhausted = true;
    const marker = JSON.stringify(truncationMarker(text.length - pos));
    emit(inObject ? `,"…":${marker}` : `,${marker}`);
    return true;
  };
  /** A string (a value or a key), cut to `stringCap` units and to what is left of the budget. */
  const readString = (): void => {
    const start = pos;
    const until = Math.min(text.length, start + 1 + stringCap + skipLeft);
    const end = closingQuote(text, start + 1, until);
    // Too long to search to its end within the skip budget: it ends the window.
    const endless = end === -1;
    let room = Math.min(stringCap, budget - length);
    // A few units of text would be noise next to the marker.
    if (room < MIN_KEPT) room = 0;
    // Unterminated: not JSON, unless the budget would cut it anyway (the first part of a JSON text).
    if (endless && until === text.length && text.length - start - 1 <= room) throw new NotJson();
    skipLeft = Math.max(0, skipLeft - Math.max(0, (endless ? until : end) - (start + 1) - stringCap));
    pos = endless ? text.length : end + 1;
    if (!endless && end - start - 1 <= room) {
      const literal = text.slice(start, end + 1);
      JSON.parse(literal); // bad escapes are not JSON
      emit(literal);
      return;
    }
    let head = text.slice(start + 1, start + 1 + room);
    head = head.replace(/\\u[0-9A-Fa-f]{0,3}$/, (escape, at: number) => (isEscaped(head, at) ? escape : ''));
    if (head.endsWith('\\') && !isEscaped(head, head.length - 1)) head = head.slice(0, -1);
    const decoded = JSON.parse(`"${head}"`) as string;
    const kept = cutUnits(decoded, decoded.length);
    emit(JSON.stringify(kept + truncationMarker((endless ? text.length : end) - start - 1 - head.length)));
    if (length >= budget || endless) exhausted = true;
  };
  const readValue = (depth: number): void => {
    if (depth > MAX_WINDOW_DEPTH) throw new NotJson();
    skipSpace();
    const c = text.charCodeAt(pos);
    if (c === 0x22) return readString();
    if (c === 0x5b || c === 0x7b) return readContainer(c === 0x7b, depth);
    NUMBER_OR_LITERAL.lastIndex = pos;
    const match = NUMBER_OR_LITERAL.exec(text);
    if (match === null) throw new NotJson();
    pos += match[0].length;
    emit(match[0]);
  };
  const readContainer = (isObject: boolean, depth: number): void => {
    const close = isObject ? '}' : ']';
    emit(isObject ? '{' : '[');
    pos++;
    skipSpace();
    if (text[pos] === close) {
      pos++;
      emit(close);
      return;
    }
    for (let first = true; ; first = false) {
      if (!first) {
        if (exhausted || stop(isObject)) break;
        emit(',');
      }
      if (isObject) {
        skipSpace();
        if (text[pos] !== '"') throw new NotJson();
        readString();
        skipSpace();
        if (text[pos++] !== ':') throw new NotJson();
        emit(':');
      }
      readValue(depth + 1);
      if (exhausted) break;
      skipSpace();
      const next = text[pos++];
      if (next === close) break;
      if (next !== ',') throw new NotJson();
    }
    emit(close);
  };
  try {
    readValue(0);
    if (!exhausted) {
      skipSpace();
      if (pos !== text.length) return undefined;
    }
  } catch {
    return undefined;
  }
  return parts.join('');
}

/** The index of the unescaped `"` that closes a string whose content starts at `from`, searched before `until`; -1 when there is none. */
function closingQuote(text: string, from: number, until: number): number {
  // A slice of a flat string shares its characters, so the search is bounded by `until`.
  const content = text.slice(from, until);
  for (let at = content.indexOf('"'); at !== -1; at = content.indexOf('"', at + 1)) if (!isEscaped(content, at)) return from + at;
  return -1;
}

/** Whether the character at `at` is escaped by an odd run of backslashes before it. */
function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  for (let i = at - 1; i >= 0 && text.charCodeAt(i) === 0x5c; i--) backslashes++;
  return backslashes % 2 === 1;
}
