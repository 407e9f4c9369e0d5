import type { TraceState } from '@opentelemetry/api';
import { isValidTracestateKey, isValidTracestateValue, MAX_TRACESTATE_MEMBERS } from './tracestate';

/**
 * An immutable `TraceState` holding list-members with W3C Trace Context Level 2 keys (#key).
 * `@opentelemetry/core`'s `TraceState` validates keys by the Level 1 grammar and silently drops
 * members that Level 2 allows (`1vendor`, `foo@`, `a@b@c`, tenant ids over 241 characters), so the
 * strict propagator keeps received state in this one instead. Mutations follow
 * #mutating-the-tracestate-field: a set key moves to the front (left), an invalid key or value
 * leaves the state unchanged, and a 33rd member pushes out the right-most one.
 */
export class W3CTraceState implements TraceState {
  private readonly entries: ReadonlyMap<string, string>;

  /** State from list-members already validated and deduplicated, left-most first. */
  constructor(members: readonly string[] = []) {
    const entries = new Map<string, string>();
    for (const member of members) {
      const eq = member.indexOf('=');
      const key = member.slice(0, eq);
      if (eq > 0 && !entries.has(key)) entries.set(key, member.slice(eq + 1));
    }
    this.entries = entries;
  }

  /** A new state with `key=value` first; unchanged when either is invalid. */
  set(key: string, value: string): TraceState {
    if (!isValidTracestateKey(key) || !isValidTracestateValue(value)) return this;
    const members = [`${key}=${value}`, ...this.members().filter((m) => !m.startsWith(`${key}=`))];
    return new W3CTraceState(members.slice(0, MAX_TRACESTATE_MEMBERS));
  }

  /** A new state without `key`. */
  unset(key: string): TraceState {
    return new W3CTraceState(this.members().filter((m) => !m.startsWith(`${key}=`)));
  }

  /** The value of `key`, if present. */
  get(key: string): string | undefined {
    return this.entries.get(key);
  }

  /** The list-members joined with commas, left-most first. */
  serialize(): string {
    return this.members().join(',');
  }

  private members(): string[] {
    return Array.from(this.entries, ([key, value]) => `${key}=${value}`);
  }
}
