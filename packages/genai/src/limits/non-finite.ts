import type { AttributeValue } from '@opentelemetry/api';

/**
 * Backend-safe form of non-finite numbers. OTLP carries NaN and ±Infinity as doubles, but JSON has
 * no such numbers, and backends that answer in JSON fail on them: Jaeger's query API answers 500
 * for a whole trace that holds one. So they are written as the strings `"NaN"`, `"Infinity"` and
 * `"-Infinity"`; a number array that holds one becomes an array of strings (`[1, NaN]` →
 * `["1", "NaN"]`), since attribute arrays hold one type.
 */

/** `value` with non-finite numbers as strings, or undefined when it has none. */
export function encodeNonFinite(value: AttributeValue | undefined): AttributeValue | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : String(value);
  if (!Array.isArray(value)) return undefined;
  let found = false;
  for (const item of value) {
    if (typeof item === 'number' && !Number.isFinite(item)) {
      found = true;
      break;
    }
  }
  if (!found) return undefined;
  return value.map((item) => (item === null || item === undefined ? item : String(item)));
}
