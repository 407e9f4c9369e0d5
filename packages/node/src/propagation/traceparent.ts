import { TraceFlags, type SpanContext } from '@opentelemetry/api';
import { trimOws } from './header-values';

/** The fields of a valid `traceparent` that a parser may use (W3C Trace Context Level 1, §3.2). */
export interface ParsedTraceparent {
  traceId: string;
  spanId: string;
  /** Only the `sampled` bit: other bits are undefined in version 00 and are not carried on. */
  traceFlags: TraceFlags;
}

/** Length of a version-00 header; every valid header of any version is at least this long. */
const VERSION_00_LENGTH = 55;
const HEX_LC = /^[0-9a-f]+$/;

/**
 * Parses one `traceparent` value per W3C Trace Context Level 1, or returns undefined when the
 * value must be ignored (the receiver then starts a new trace):
 * - optional white space around the value is ignored; everything is lower-case hex;
 * - version `ff` is invalid; version `00` must be exactly 55 characters;
 * - a higher version is parsed by the future-version rule (§3.2.4): at least 55 characters,
 *   trace-id, parent-id and flags where version 00 has them, and after the flags either the end
 *   or a dash; its unknown fields are ignored;
 * - all-zero trace-id or parent-id is invalid;
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
  return { traceId, spanId, traceFlags: parseInt(flags, 16) & TraceFlags.SAMPLED };
}

/**
 * The version-00 `traceparent` for a span context. Flags other than `sampled` are written as zero,
 * as Level 1 requires, and the flags are always two hex digits whatever `traceFlags` holds.
 */
export function formatTraceparent(spanContext: SpanContext): string {
  const sampled = (Number(spanContext.traceFlags) & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
  return `00-${spanContext.traceId}-${spanContext.spanId}-${sampled ? '01' : '00'}`;
}

function isHex(text: string, length: number): boolean {
  return text.length === length && HEX_LC.test(text);
}
