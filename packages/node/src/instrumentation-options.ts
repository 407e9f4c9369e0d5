import type { InstrumentationOptions } from './options';
import type { InstrumentationEntry, UserInstrumentation } from './user-instrumentation';

/** The `instrumentations` option in its object form: an array is short for `{ additional: array }`. */
export function asInstrumentationOptions(given: InstrumentationOptions | InstrumentationEntry[] | undefined): InstrumentationOptions {
  if (Array.isArray(given)) return { additional: given };
  return { ...given };
}

/** Whether `value` has the members register() calls on an instrumentation. */
export function isInstrumentation(value: unknown): value is UserInstrumentation {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.instrumentationName === 'string' && REQUIRED_METHODS.every((m) => typeof v[m] === 'function');
}

/**
 * The first entry of `entries` (the option named `option`) that is neither an instrumentation nor
 * a function, as the option path and what is wrong with it; undefined when all are fine.
 */
export function findInvalidInstrumentationEntry(entries: unknown, option: string): { option: string; detail: string } | undefined {
  if (entries === undefined) return undefined;
  if (!Array.isArray(entries)) return { option, detail: `must be an array of instrumentations, got ${describeValue(entries)}` };
  for (let index = 0; index < entries.length; index++) {
    const entry: unknown = entries[index];
    if (typeof entry === 'function' || isInstrumentation(entry)) continue;
    return {
      option: `${option}[${index}]`,
      detail: `must be an instrumentation (an object with instrumentationName, setTracerProvider, enable and disable) or a function returning one, got ${describeValue(entry)}`,
    };
  }
  return undefined;
}

/** A short description of a value that is not an instrumentation. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    const missing = ['instrumentationName', ...REQUIRED_METHODS].filter((k) => v[k] === undefined);
    return missing.length > 0 ? `an object without ${missing.join(', ')}` : 'an object whose members have the wrong types';
  }
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

const REQUIRED_METHODS = ['setTracerProvider', 'enable', 'disable'];
