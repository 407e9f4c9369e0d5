import { diag } from '@opentelemetry/api';

/** Keys already warned about: one per helper, so the set stays as small as the list of helpers. */
const warned = new Set<string>();

/**
 * Logs `message` through `diag.warn` the first time `key` (usually the helper's name) is seen in
 * this process; later calls with the same key are silent. Bad input to a recording helper must
 * never throw, and must not flood the log either.
 */
export function warnOnce(key: string, message: string, error?: unknown): void {
  if (warned.has(key)) return;
  warned.add(key);
  if (error === undefined) diag.warn(`agent-otel: ${message}; later occurrences are not logged`);
  else diag.warn(`agent-otel: ${message}; later occurrences are not logged`, error);
}
