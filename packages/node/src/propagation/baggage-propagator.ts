import { baggageEntryMetadataFromString, propagation, type BaggageEntry, type Context, type TextMapGetter, type TextMapPropagator, type TextMapSetter } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { formatBaggageMember, MAX_BAGGAGE_BYTES, MAX_BAGGAGE_MEMBERS, parseBaggageMember } from './baggage-codec';
import { headerValues, trimOws } from './header-values';

/** Header carrying W3C Baggage. */
const BAGGAGE_HEADER = 'baggage';

/**
 * W3C Baggage propagator that follows the specification where the stock `W3CBaggagePropagator` of
 * `@opentelemetry/core` is lenient (see the conformance table in the package README):
 * - keys must be RFC 7230 tokens and are taken as sent (not percent-decoded); members with other
 *   keys, or with values holding characters outside baggage-octet, are skipped;
 * - invalid UTF-8 in a percent-decoded value becomes U+FFFD instead of the member being dropped;
 * - an empty value (`k=`) is a valid member;
 * - limits apply to the whole header only — 180 members, 8192 bytes — so a single member larger
 *   than 4096 bytes is kept when the header is within 8192 bytes; members beyond a limit are
 *   dropped whole, never cut;
 * - properties are kept with white space removed; invalid properties are dropped.
 * When a key repeats, the last member wins. `extract` and `inject` never throw.
 */
export class StrictBaggagePropagator implements TextMapPropagator {
  /** Writes the baggage of `context` as one `baggage` header (nothing when it is empty). */
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const baggage = propagation.getBaggage(context);
    if (!baggage || isTracingSuppressed(context)) return;
    try {
      const members: string[] = [];
      let bytes = 0;
      for (const [key, entry] of baggage.getAllEntries()) {
        if (members.length >= MAX_BAGGAGE_MEMBERS) break;
        const member = formatBaggageMember(key, entry.value, entry.metadata?.toString());
        if (member === undefined) continue;
        const size = member.length + (members.length > 0 ? 1 : 0);
        if (bytes + size > MAX_BAGGAGE_BYTES) continue;
        members.push(member);
        bytes += size;
      }
      if (members.length > 0) setter.set(carrier, BAGGAGE_HEADER, members.join(','));
    } catch {
      // A carrier that cannot be written to stays as it is.
    }
  }

  /** Returns `context` with the baggage read from the carrier, or `context` unchanged when there is none. */
  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    try {
      const values = headerValues(getter.get(carrier, BAGGAGE_HEADER));
      if (values.length === 0) return context;
      const entries = new Map<string, BaggageEntry>();
      let count = 0;
      let bytes = 0;
      for (const part of values.join(',').split(',')) {
        const member = trimOws(part);
        if (member === '') continue;
        if (count >= MAX_BAGGAGE_MEMBERS) break;
        const parsed = parseBaggageMember(member);
        if (!parsed) continue;
        const size = member.length + (count > 0 ? 1 : 0);
        if (bytes + size > MAX_BAGGAGE_BYTES) continue;
        entries.delete(parsed.key);
        entries.set(parsed.key, parsed.properties === undefined ? { value: parsed.value } : { value: parsed.value, metadata: baggageEntryMetadataFromString(parsed.properties) });
        count++;
        bytes += size;
      }
      if (entries.size === 0) return context;
      return propagation.setBaggage(context, propagation.createBaggage(Object.fromEntries(entries)));
    } catch {
      return context;
    }
  }

  /** The headers this propagator reads and writes. */
  fields(): string[] {
    return [BAGGAGE_HEADER];
  }
}
