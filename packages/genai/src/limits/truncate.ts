/**
 * Cutting strings to a length limit with a visible marker, keeping JSON valid where possible. The
 * one truncator of the package: the span limits and the helpers' serializer (`safe-json.ts`) use it.
 *
 * Its cost is bounded by the limit, not by the input: JSON far larger than the limit is read only
 * through a window (see {@link truncateJson}), and plain text is sliced.
 */

/** The marker that ends a cut value: `…[truncated N chars]`, N the number of UTF-16 units removed. */
export function truncationMarker(removed: number): string {
  return `…[truncated ${removed} chars]`;
}

const MARKER_AT_END = /…\[truncated (\d{1,15}) chars\]$/;
const MARKER_START = '…[truncated ';

/** `text` split into what precedes its trailing marker and the count the marker holds (0 without one). */
function splitMarker(text: string): { body: string; removed: number } {
  if (!text.endsWith(' chars]')) return { body: text, removed: 0 };
  const match = MARKER_AT_END.exec(text);
  return match === null ? { body: text, removed: 0 } : { body: text.slice(0, match.index), removed: Number(match[1]) };
}

/**
 * `text` cut to at most `max` UTF-16 units, ending with the truncation marker (or cut without a
 * marker when `max` is too small to hold one). Never splits a surrogate pair. `text` itself when
 * it fits. A `text` that already ends with a marker is cut again with one marker counting both cuts.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const { body, removed } = splitMarker(text);
  const total = body.length + removed;
  const markerBound = truncationMarker(total).length;
  if (max <= markerBound) return cut(body, max);
  const kept = cut(body, max - markerBound);
  return kept + truncationMarker(total - kept.length);
}

/**
 * Every cut in `text` (a value, or a string inside JSON `text`) that ends with the marker loses
 * `units` more units before its marker, with the marker's count raised to match; undefined when
 * `text` holds no marker. For values cut before redaction: a detector cannot find a value that a
 * cut halved, so that half is dropped this way after redaction.
 */
export function dropCutTails(text: string, units: number): string | undefined {
  if (!text.includes(MARKER_START)) return undefined;
  const first = text.charCodeAt(0);
  if (first === 0x5b || first === 0x7b) {
    let root: unknown;
    try {
      root = JSON.parse(text);
    } catch {
      root = undefined;
    }
    if (root !== undefined) {
      let changed = false;
      const walk = (value: unknown): unknown => {
        if (typeof value === 'string') {
          const trimmed = dropTail(value, units);
          if (trimmed === undefined) return value;
          changed = true;
          return trimmed;
        }
        if (Array.isArray(value)) return value.map(walk);
        if (typeof value === 'object' && value !== null) {
          const record = value as Record<string, unknown>;
          for (const key of Object.keys(record)) record[key] = walk(record[key]);
        }
        return value;
      };
      const walked = walk(root);
      return changed ? JSON.stringify(walked) : undefined;
    }
  }
  return dropTail(text, units);
}

function dropTail(text: string, units: number): string | undefined {
  const { body, removed } = splitMarker(text);
  if (body === text) return undefined;
  const kept = cut(body, body.length - units);
  return kept + truncationMarker(removed + body.length - kept.length);
}

/**
 * JSON `text` made to fit `max` by cutting its longest strings (each ending with the marker), so
 * it stays valid JSON; falls back to {@link truncateText} when it is not JSON or cannot be made
 * to fit that way. A `text` longer than `2 × max` + 64 Ki units is first read through a window of
 * that size (see {@link readJsonWindow}), so the cost stays bounded by `max`.
 */
export function truncateJson(text: string, max: number): string {
  if (text.length <= max) return text;
  let root: unknown;
  const window = 2 * max + WINDOW_HEADROOM;
  try {
    root = JSON.parse(text.length > window ? (readJsonWindow(text, window, max) ?? '') : text);
  } catch {
    return truncateText(text, max);
  }
  const leaves = collectLeaves(root);
  fillLeaves(root, leaves, max);
  for (let round = 0; round < 64; round++) {
    const serialized = JSON.stringify(root);
    if (serialized.length <= max) return serialized;
    let longest: Leaf | undefined;
    for (const leaf of leaves) if (!leaf.exhausted && (longest === undefined || leaf.value.length > longest.value.length)) longest = leaf;
    if (longest === undefined) break;
    const target = longest.value.length - (serialized.length - max);
    const marker = truncationMarker(longest.original.length);
    if (longest.value.length <= marker.length) {
      longest.exhausted = true;
      continue;
    }
    if (target <= marker.length) {
      longest.value = marker;
      longest.exhausted = true;
    } else {
      longest.value = truncateText(longest.original, target);
    }
    (longest.holder as Record<string | number, unknown>)[longest.key] = longest.value;
  }
  return closeJsonPrefix(text, max) ?? truncateText(text, max);
}

/**
 * One water-filling step before the rounds of {@link truncateJson}: every leaf longer than one
 * common length is cut to it, chosen so that the text would fit if escapes did not count; the
 * rounds then only fine-tune, so a document of many long strings costs a few serializations, not
 * one per string.
 */
function fillLeaves(root: unknown, leaves: Leaf[], max: number): void {
  const cuttable = leaves.filter((leaf) => !leaf.exhausted);
  const sizes = cuttable.map((leaf) => leaf.value.length);
  const fixed = JSON.stringify(root).length - sizes.reduce((sum, size) => sum + size, 0);
  const cap = commonCap(sizes, max - fixed);
  if (cap < MIN_FILL) return;
  for (const leaf of cuttable) {
    if (leaf.value.length <= cap) continue;
    leaf.value = truncateText(leaf.original, cap);
    (leaf.holder as Record<string | number, unknown>)[leaf.key] = leaf.value;
  }
}

/**
 * The largest length `cap` such that the `lengths`, each cut to `cap`, add up to at most `max`
 * (water-filling: the longest are cut first, all to the same length); 0 when none fits.
 */
export function commonCap(lengths: readonly number[], max: number): number {
  const sorted = [...lengths].sort((a, b) => b - a);
  let rest = sorted.reduce((sum, length) => sum + length, 0);
  for (let k = 0; k < sorted.length; k++) {
    rest -= sorted[k];
    const cap = Math.floor((max - rest) / (k + 1));
    if (cap >= (sorted[k + 1] ?? 0)) return Math.max(0, cap);
  }
  return 0;
}

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

/** Room a window leaves beyond twice the target, so that small documents are never windowed. */
const WINDOW_HEADROOM = 64 * 1024;
const MAX_WINDOW_DEPTH = 256;
const MIN_KEPT = 16;
/** Below this common length, cutting every long string says too little: trailing elements are dropped instead. */
const MIN_FILL = 48;
const MAX_SKIPPED = 4 * 1024 * 1024;
const SKIP_PER_UNIT = 16;
const NUMBER_OR_LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

class NotJson extends Error {}

/**
 * The start of JSON `text`, about `budget` units of it at most, as valid JSON: read from the
 * start, each string longer than `stringCap` cut (ending with the marker) and the rest of it
 * skipped, and when the budget is spent the open arrays and objects closed, the innermost with a
 * marker (an element in an array, a `"…"` member in an object). Its cost is bounded by `budget`:
 * the skipped parts of long strings are only searched for their closing quotes, 16 units per unit
 * of budget and 4 Mi units at most in all, and a string whose end lies beyond that ends the window. Undefined when what it reads is not JSON.
 */
function readJsonWindow(text: string, budget: number, stringCap: number): string | undefined {
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
    const kept = cut(decoded, decoded.length);
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

interface Leaf {
  holder: Record<string, unknown> | unknown[];
  key: string | number;
  value: string;
  readonly original: string;
  exhausted?: boolean;
}

/** A string leaf; one that is only a marker (an earlier cut's) is never cut again. */
function leaf(holder: Leaf['holder'], key: string | number, value: string): Leaf {
  return { holder, key, value, original: value, exhausted: value.startsWith('…') && MARKER_AT_END.exec(value)?.index === 0 };
}

function collectLeaves(root: unknown): Leaf[] {
  const leaves: Leaf[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => (typeof item === 'string' ? leaves.push(leaf(value, i, item)) : visit(item)));
    } else if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const item = record[key];
        if (typeof item === 'string') leaves.push(leaf(record, key, item));
        else visit(item);
      }
    }
  };
  visit(root);
  return leaves;
}

function cut(text: string, length: number): string {
  let end = Math.max(0, length);
  const code = text.charCodeAt(end - 1);
  if (end > 0 && code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end);
}
