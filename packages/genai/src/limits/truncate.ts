/**
 * Cutting strings to a length limit with a visible marker, keeping JSON valid where possible. The
 * one truncator of the package: the span limits and the helpers' serializer (`safe-json.ts`) use it.
 *
 * Its cost is bounded by the limit, not by the input: JSON far larger than the limit is read only
 * through a window (see {@link truncateJson}), and plain text is sliced.
 */
import { closeJsonPrefix, readJsonWindow } from './json-window';
import { cutUnits, MARKER_AT_END, MARKER_START, splitMarker, truncationMarker } from './marker';

export { truncationMarker } from './marker';

/** Room a window leaves beyond twice the target, so that small documents are never windowed. */
const WINDOW_HEADROOM = 64 * 1024;
/** Below this common length, cutting every long string says too little: trailing elements are dropped instead. */
const MIN_FILL = 48;

/**
 * `text` cut to at most `max` UTF-16 units, ending with the truncation marker (or cut without a
 * marker when `max` is too small to hold one). Never splits a surrogate pair. `text` itself when
 * it fits. A `text` that already ends with a marker is cut again with one marker counting both cuts.
 * With `fixedMarker` (such as the flow helpers' `…`), that marker ends the cut instead, counting
 * nothing; a `max` shorter than it gives the marker alone.
 */
export function truncateText(text: string, max: number, fixedMarker?: string): string {
  if (text.length <= max) return text;
  if (fixedMarker !== undefined) return cutUnits(text, max - fixedMarker.length) + fixedMarker;
  const { body, removed } = splitMarker(text);
  const total = body.length + removed;
  const markerBound = truncationMarker(total).length;
  if (max <= markerBound) return cutUnits(body, max);
  const kept = cutUnits(body, max - markerBound);
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
  const kept = cutUnits(body, body.length - units);
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
    rest -= sorted[k]!;
    const cap = Math.floor((max - rest) / (k + 1));
    if (cap >= (sorted[k + 1] ?? 0)) return Math.max(0, cap);
  }
  return 0;
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
