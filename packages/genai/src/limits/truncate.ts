/** Cutting strings to a length limit with a visible marker, keeping JSON valid where possible. */

/** The marker that ends a cut value: `…[truncated N chars]`, N the number of UTF-16 units removed. */
export function truncationMarker(removed: number): string {
  return `…[truncated ${removed} chars]`;
}

/**
 * `text` cut to at most `max` UTF-16 units, ending with the truncation marker (or cut without a
 * marker when `max` is too small to hold one). Never splits a surrogate pair. `text` itself when it fits.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const markerBound = truncationMarker(text.length).length;
  if (max <= markerBound) return cut(text, max);
  const kept = cut(text, max - markerBound);
  return kept + truncationMarker(text.length - kept.length);
}

/**
 * JSON `text` made to fit `max` by cutting its longest strings (each ending with the marker), so
 * it stays valid JSON; falls back to {@link truncateText} when it is not JSON or cannot be made
 * to fit that way.
 */
export function truncateJson(text: string, max: number): string {
  if (text.length <= max) return text;
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch {
    return truncateText(text, max);
  }
  const leaves = collectLeaves(root);
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
  return truncateText(text, max);
}

interface Leaf {
  holder: Record<string, unknown> | unknown[];
  key: string | number;
  value: string;
  readonly original: string;
  exhausted?: boolean;
}

function collectLeaves(root: unknown): Leaf[] {
  const leaves: Leaf[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => (typeof item === 'string' ? leaves.push({ holder: value, key: i, value: item, original: item }) : visit(item)));
    } else if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const item = record[key];
        if (typeof item === 'string') leaves.push({ holder: record, key, value: item, original: item });
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
