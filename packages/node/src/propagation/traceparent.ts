import type { SpanContext, TraceFlags } from '@opentelemetry/api';
import { trimOws } from './header-values';
import { FLAG_RANDOM, FLAG_SAMPLED, KNOWN_FLAGS } from './trace-flags';

/** The fields of a valid `traceparent` that a parser may use (W3C Trace Context Level 2, #traceparent-header). */
export interface ParsedTraceparent {
  traceId: string;
  spanId: string;
  /**
   * The `sampled` and `random-trace-id` bits (#trace-flags); the other bits are reserved
   * (#other-flags) and are not carried on.
   */
  traceFlags: TraceFlags;
}

/** Length of a version-00 header; every valid header of any version is at least this long. */
const VERSION_00_LENGTH = 55;
const HEX_LC = /^[0-9a-f]+$/;

/**
 * Parses one `traceparent` value per W3C Trace Context Level 2, or returns undefined when the
 * value must be ignored (the receiver then starts a new trace):
 * - optional white space around the value is ignored; everything is lower-case hex;
 * - version `ff` is invalid; version `00` must be exactly 55 characters;
 * - a higher version is parsed by the future-version rule (#versioning-of-traceparent): at least 55 characters,
 *   trace-id, parent-id and flags where version 00 has them, and after the flags either the end
 *   or a dash; its unknown fields are ignored;
 * - all-zero trace-id or parent-id is invalid;
 * - of the flags, the bits Level 2 defines are kept (`sampled`, `random-trace-id`), others dropped;
 * - a comma means several `traceparent` headers were combined into one, which is invalid.
 */
export function parseTraceparent(raw: string): ParsedTraceparent | undefined {
  const value = trimOws(raw);
  if (value.length < VERSION_00_LENGTH || value.includes(',')) return undefined;
  const version = value.slice(0, 2);
  if (!isHex(version, 2) || version === 'ff' || value[2] !== '-') return undefined;
  if (version === '00' && value.length !== VERSION_00_LENGTH) return undefined;
  if (value.length > VERSION_00_LENGTH && value[VERSION_00_LENGTH] !== '-') return undefined;

  const traceId = value.slice(3, 35);
  const spanId = value.slice(36, 52);
  const flags = value.slice(53, 55);
  if (value[35] !== '-' || value[52] !== '-') return undefined;
  if (!isHex(traceId, 32) || !isHex(spanId, 16) || !isHex(flags, 2)) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId, traceFlags: parseInt(flags, 16) & KNOWN_FLAGS };
}

/**
 * The version-00 `traceparent` for a span context: its `sampled` bit, the `random-trace-id` bit
 * when `random` is true, every reserved bit zero (#other-flags), always two hex digits whatever
 * `traceFlags` holds.
 */
export function formatTraceparent(spanContext: SpanContext, random: boolean): string {
  const flags = (Number(spanContext.traceFlags) & FLAG_SAMPLED) | (random ? FLAG_RANDOM : 0);
  return `00-${spanContext.traceId}-${spanContext.spanId}-0${flags}`;
}

function isHex(text: string, length: number): boolean {
  return text.length === length && HEX_LC.test(text);
}
