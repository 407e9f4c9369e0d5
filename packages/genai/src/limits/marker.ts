/** The truncation marker and the cut that never splits a surrogate pair: shared by the truncator and the JSON window. */

/** The marker that ends a cut value: `…[truncated N chars]`, N the number of UTF-16 units removed. */
export function truncationMarker(removed: number): string {
  return `…[truncated ${removed} chars]`;
}

/** A marker at the end of a text; group 1 holds its count. */
export const MARKER_AT_END = /…\[truncated (\d{1,15}) chars\]$/;
/** How every marker starts: a text without this holds none. */
export const MARKER_START = '…[truncated ';

/** `text` split into what precedes its trailing marker and the count the marker holds (0 without one). */
export function splitMarker(text: string): { body: string; removed: number } {
  if (!text.endsWith(' chars]')) return { body: text, removed: 0 };
  const match = MARKER_AT_END.exec(text);
  return match === null ? { body: text, removed: 0 } : { body: text.slice(0, match.index), removed: Number(match[1]) };
}

/** The first `length` units of `text` (at most), never ending in the first half of a surrogate pair. */
export function cutUnits(text: string, length: number): string {
  let end = Math.max(0, length);
  const code = text.charCodeAt(end - 1);
  if (end > 0 && code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end);
}
