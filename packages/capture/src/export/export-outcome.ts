import type { HttpAttemptResult } from './http-sender';
import { OtlpExportError } from './otlp-export-error';

/**
 * What an export answer means — the one place where status codes and network errors are
 * classified, for the retries inside a request and for what the write-ahead log does with records:
 * - `accepted`: a 2xx; the records are delivered.
 * - `retryable`: the backend is throttling or briefly unavailable (429, 502, 503, 504) or the
 *   connection failed (refused, reset, timed out, hang-up). Retried inside the request, with
 *   backoff, as OTLP/HTTP asks; if the retries run out, an outage.
 * - `outage`: the backend cannot take anything right now, for reasons that are not about the
 *   records: authentication (401, 403, 407), a wrong or missing endpoint (404, 405, 410, 421), a
 *   timeout (408), a server error (500, 501, 505+, and any other 5xx), an unexpected 1xx/3xx, or a
 *   network error that is not known to be transient (DNS, TLS). Not retried inside the request
 *   (OTLP: other codes MUST NOT be retried immediately); the sampled pipeline drops the batch,
 *   counted; the write-ahead log keeps the records and retries later with capped backoff.
 * - `rejected`: any other 4xx (400, 413, 415, 422, ...): the backend refuses these bytes. The
 *   sampled pipeline drops them, counted; the write-ahead log isolates the record the backend
 *   refuses on its own and moves it to the quarantine.
 *
 * 500 is an outage, not retryable: OTLP lists only 429/502/503/504 as retryable, and a 500 says
 * the server failed, not that the records are wrong, so durable modes keep them.
 */
export type ExportOutcome = 'accepted' | 'retryable' | 'outage' | 'rejected';

/** HTTP statuses worth retrying inside one request: the backend is throttling or briefly unavailable. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** 4xx statuses that say nothing about the records: auth, endpoint, timeout. */
const OUTAGE_CLIENT_STATUSES: ReadonlySet<number> = new Set([401, 403, 404, 405, 407, 408, 410, 421]);

/** Network error codes worth retrying: the connection failed or broke, the backend may come back. */
const RETRYABLE_ERROR_CODES: ReadonlySet<string> = new Set([
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

/** The outcome of an HTTP status (see {@link ExportOutcome}). */
export function classifyStatus(status: number): ExportOutcome {
  if (status >= 200 && status < 300) return 'accepted';
  if (RETRYABLE_STATUSES.has(status)) return 'retryable';
  if (status >= 400 && status < 500 && !OUTAGE_CLIENT_STATUSES.has(status)) return 'rejected';
  return 'outage';
}

/**
 * The outcome of one HTTP attempt: what `RetryingSender` acts on (`retryable` is retried inside the
 * request, `accepted` succeeds, anything else fails at once).
 */
export function classifyAttempt(result: HttpAttemptResult): ExportOutcome {
  if (result.kind === 'response') return classifyStatus(result.status);
  return isRetryableNetworkError(result.error.code, result.error.message) ? 'retryable' : 'outage';
}

/**
 * The outcome of a failed `ExportResult`'s error: its status or error code when it is an
 * `OtlpExportError` (every sender of this package reports those); `outage` for anything else,
 * so an unknown failure never costs a durable record.
 */
export function classifyExportError(error: Error | undefined): ExportOutcome {
  if (!(error instanceof OtlpExportError)) return 'outage';
  if (error.status !== undefined) return classifyStatus(error.status);
  return isRetryableNetworkError(error.code, error.message) ? 'retryable' : 'outage';
}

function isRetryableNetworkError(code: string | undefined, message: string): boolean {
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
