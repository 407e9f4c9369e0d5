import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';

/** A carrier with Map-like access, such as a `Map` or a fetch `Headers` object. */
export interface MapLikeCarrier {
  get(key: string): unknown;
  keys(): Iterable<unknown>;
  set?(key: string, value: string): unknown;
  delete?(key: string): unknown;
}

/**
 * What the carrier helpers read from and write to: a plain object of header-like fields (message
 * headers, a queue payload's metadata) or a Map-like object. Anything else is treated as empty.
 */
export type Carrier = Record<string, unknown> | MapLikeCarrier;

/** Whether `value` is a plain object carrier (not null, not an array). */
export function isRecordCarrier(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isMapLikeCarrier(value);
}

/** Whether `value` has Map-like `get` and `keys`. */
export function isMapLikeCarrier(value: unknown): value is MapLikeCarrier {
  const v = value as Partial<MapLikeCarrier> | null;
  return typeof v === 'object' && v !== null && typeof v.get === 'function' && typeof v.keys === 'function';
}

/**
 * A TextMapGetter for any carrier. Field names match case-insensitively (`Traceparent`,
 * `TRACEPARENT`); a field present under several casings, or holding an array, gives an array of its
 * string values, so a propagator sees every header line; values that are not strings are ignored.
 * It never throws: an unreadable carrier reads as empty.
 */
export const carrierGetter: TextMapGetter<unknown> = {
  keys(carrier: unknown): string[] {
    try {
      return fieldNames(carrier);
    } catch {
      return [];
    }
  },
  get(carrier: unknown, key: string): undefined | string | string[] {
    try {
      const wanted = key.toLowerCase();
      const values: string[] = [];
      for (const name of fieldNames(carrier)) {
        if (name.toLowerCase() !== wanted) continue;
        const value = isMapLikeCarrier(carrier) ? carrier.get(name) : (carrier as Record<string, unknown>)[name];
        if (typeof value === 'string') values.push(value);
        else if (Array.isArray(value)) values.push(...value.filter((v): v is string => typeof v === 'string'));
      }
      return values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
    } catch {
      return undefined;
    }
  },
};

/**
 * A TextMapSetter for any carrier: writes the field under its lower-case name and first removes the
 * same field under other casings, so a re-used carrier never holds two `traceparent`s. It never
 * throws: a carrier that cannot be written to (frozen, a setter that throws) stays as it is.
 */
export const carrierSetter: TextMapSetter<unknown> = {
  set(carrier: unknown, key: string, value: string): void {
    try {
      const variants = fieldNames(carrier).filter((name) => name !== key && name.toLowerCase() === key.toLowerCase());
      if (isMapLikeCarrier(carrier)) {
        if (typeof carrier.set !== 'function') return;
        for (const name of variants) carrier.delete?.(name);
        carrier.set(key, value);
      } else if (isRecordCarrier(carrier)) {
        for (const name of variants) delete carrier[name];
        carrier[key] = value;
      }
    } catch {
      // Left as it was.
    }
  },
};

function fieldNames(carrier: unknown): string[] {
  if (isMapLikeCarrier(carrier)) return Array.from(carrier.keys()).filter((k): k is string => typeof k === 'string');
  if (isRecordCarrier(carrier)) return Object.keys(carrier);
  return [];
}
