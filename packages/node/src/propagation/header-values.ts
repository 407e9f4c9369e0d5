/**
 * What a TextMapGetter returned for one header, as the list of its string values: a string gives
 * one value, an array gives its string elements (one per header line), anything else gives none.
 * Getters of hand-made carriers return all sorts of things; propagators read them through this so
 * that no input can make them throw.
 */
export function headerValues(raw: unknown): string[] {
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw)) return raw.filter((v): v is string => typeof v === 'string');
  return [];
}

/** Optional white space of RFC 7230 (space and horizontal tab) at either end. */
const OWS_AT_ENDS = /^[ \t]+|[ \t]+$/g;

/** `value` without RFC 7230 optional white space (SP, HTAB) at either end. */
export function trimOws(value: string): string {
  return value.replace(OWS_AT_ENDS, '');
}
