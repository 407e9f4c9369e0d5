import { trimOws } from './header-values';

/** Most list-members a `tracestate` may hold (W3C Trace Context Level 2, #tracestate-header-field-values). */
export const MAX_TRACESTATE_MEMBERS = 32;
/**
 * Longest `tracestate` agent-otel propagates, in characters including commas: the 512 the
 * specification asks every vendor to propagate at least (#tracestate-limits).
 */
export const MAX_TRACESTATE_LENGTH = 512;
/** Entries longer than this are the first removed when a `tracestate` must be truncated. */
const LARGE_MEMBER_LENGTH = 128;

// Level 2 key (#key): a lower-case letter or digit, then up to 255 of a-z 0-9 _ - * / @. This
// takes in Level 1's simple and multi-tenant (`tenant@system`) keys and relaxes their lengths.
const KEY = /^[a-z0-9][a-z0-9_\-*/@]{0,255}$/;
// Up to 256 printable ASCII characters except `,` and `=`, not ending in a space (#value).
const VALUE = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

/** Whether `key` is a valid Level 2 `tracestate` key. */
export function isValidTracestateKey(key: string): boolean {
  return KEY.test(key);
}

/** Whether `value` is a valid `tracestate` value. */
export function isValidTracestateValue(value: string): boolean {
  return VALUE.test(value);
}

/**
 * Parses a combined `tracestate` value (several header lines joined with commas, RFC 9110 §5.3)
 * into its list-members (`key=value`, in order, without optional white space). Empty and
 * white-space-only members are skipped, as the specification allows. A key repeated later in the
 * list is dropped and the first (left-most, most recent) entry kept (#mutating-the-tracestate-field:
 * vendors MAY discard duplicate keys). Returns undefined when the header as a whole cannot be
 * parsed and is discarded (#a-traceparent-is-received, step 3): a member that is not `key=value`
 * with a valid key and value, or more than 32 members. The trace itself is continued either way.
 */
export function parseTracestate(combined: string): string[] | undefined {
  const members: string[] = [];
  const keys = new Set<string>();
  for (const part of combined.split(',')) {
    const member = trimOws(part);
    if (member === '') continue;
    const key = validMemberKey(member);
    if (key === undefined) return undefined;
    if (keys.has(key)) continue;
    keys.add(key);
    members.push(member);
    if (members.length > MAX_TRACESTATE_MEMBERS) return undefined;
  }
  return members;
}

/**
 * The list-members of a `tracestate` this process sends: invalid and repeated (after the first)
 * members dropped, then limited to 32 members and 512 characters by {@link truncateTracestate}.
 */
export function tracestateToSend(serialized: string): string {
  const members: string[] = [];
  const keys = new Set<string>();
  for (const part of serialized.split(',')) {
    const member = trimOws(part);
    const key = member === '' ? undefined : validMemberKey(member);
    if (key === undefined || keys.has(key)) continue;
    keys.add(key);
    members.push(member);
  }
  return truncateTracestate(members).join(',');
}

/**
 * Applies the limits to a list of members: the right-most members beyond 32 are removed; then, while
 * the list joined with commas is longer than `maxLength`, whole members are removed — members longer
 * than 128 characters first (right-most first), then from the end (§3.3.1.5). Returns a new array.
 */
export function truncateTracestate(members: readonly string[], maxLength: number = MAX_TRACESTATE_LENGTH): string[] {
  const kept = members.slice(0, MAX_TRACESTATE_MEMBERS);
  let length = kept.reduce((sum, m) => sum + m.length, 0) + Math.max(0, kept.length - 1);
  while (length > maxLength && kept.length > 0) {
    let index = findLastIndex(kept, (m) => m.length > LARGE_MEMBER_LENGTH);
    if (index < 0) index = kept.length - 1;
    length -= kept[index]!.length + (kept.length > 1 ? 1 : 0); // 0 ≤ index < kept.length
    kept.splice(index, 1);
  }
  return kept;
}

/** The key of a valid `key=value` member, else undefined. */
function validMemberKey(member: string): string | undefined {
  const eq = member.indexOf('=');
  if (eq <= 0) return undefined;
  const key = member.slice(0, eq);
  return isValidTracestateKey(key) && isValidTracestateValue(member.slice(eq + 1)) ? key : undefined;
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i]!)) return i;
  return -1;
}
