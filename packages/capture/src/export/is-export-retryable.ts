import type { HttpAttemptResult } from './http-sender';

/** HTTP statuses worth retrying: the backend is throttling or briefly unavailable. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** Network error codes worth retrying: the connection failed or broke, the backend may come back. */
export const RETRYABLE_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTUNREACH',
]);

/**
 * Whether a failed attempt may succeed if repeated: a 429, 502, 503 or 504 response, or a network
 * error (connection refused, reset, timed out, socket hang up, ...). Any other response, including
 * every other 4xx, means the request itself is wrong and repeating it cannot help.
 */
export function isExportRetryable(result: HttpAttemptResult): boolean {
  if (result.kind === 'response') return RETRYABLE_STATUSES.has(result.status);
  const { code, message } = result.error;
  return (code !== undefined && RETRYABLE_ERROR_CODES.has(code)) || /socket hang up/i.test(message);
}

/**
 * Parses a `Retry-After` header (RFC 9110: delay in whole seconds, or an HTTP date) into a delay in
 * milliseconds from `nowMs`. A date in the past gives 0. Returns `undefined` when absent or invalid.
 */
export function parseRetryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // An HTTP date always names a day or month; without letters, Date.parse would accept "-5" or "1.5".
  const date = /[a-z]/i.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
