import { trace, type Span } from '@opentelemetry/api';
import { MAX_TIMER_MS } from '@agent-otel/capture/internal';
import type { FailureCategory } from '../attributes';
import { classifyError } from './classify-error';
import { recordRetry } from './flow-events';
import { recordAgentFailure } from './record-agent-failure';
import { warnOnce } from './warn-once';

/** What {@link RetryOptions.onRetry} is told before each wait. */
export interface RetryInfo {
  /** The retry number: 1 for the first retry (the second call). */
  readonly attempt: number;
  /** Milliseconds about to be waited. */
  readonly backoffMs: number;
  /** Why, the failure code of `error`. */
  readonly reason: string;
  /** What the failed call threw. */
  readonly error: unknown;
}

/** Options of {@link withRetries}. */
export interface RetryOptions {
  /** Most calls in all, the first included; an integer ≥ 1. Default: 3. */
  attempts?: number;
  /**
   * Milliseconds to wait before retry number `retry` (1-based): a fixed number, or a function of
   * the retry number and the error. Default: `exponentialBackoff()` (250, 500, 1000 … ms, at most
   * 8 s, minus up to 20 % jitter).
   */
  backoff?: number | ((retry: number, error: unknown) => number);
  /**
   * Whether a failure is worth another call. Default: `classifyError(error, { origin }).retryable`
   * (rate limits, timeouts, lost connections, 5xx — not bad requests, auth or context length).
   */
  retryOn?: (error: unknown, retry: number) => boolean;
  /** Called before each wait, after the retry event is recorded. If it throws, retrying stops with its error. Default: none. */
  onRetry?: (info: RetryInfo) => void;
  /** Span that gets the retry events and the final failure. Default: the active span when `withRetries` is called (none: nothing recorded). */
  span?: Span;
  /** Category of what is being called, for the classification (see `classifyError`). Default: `model`. */
  origin?: FailureCategory;
  /** The component or step, written as `agent_otel.failure.where` on final failure. Default: none. */
  where?: string;
}

/** Options of {@link exponentialBackoff}. */
export interface ExponentialBackoffOptions {
  /** Wait before the first retry, in milliseconds. Default: 250. */
  initialMs?: number;
  /** Growth factor per retry. Default: 2. */
  factor?: number;
  /** Longest wait, in milliseconds. Default: 8000. */
  maxMs?: number;
  /** Fraction of each wait taken off at random, 0 (none) to 1, so that clients do not retry in step. Default: 0.2. */
  jitter?: number;
}

/** A backoff function: `min(maxMs, initialMs × factor^(retry−1))`, less a random share of up to `jitter`. */
export function exponentialBackoff(options: ExponentialBackoffOptions = {}): (retry: number) => number {
  const { initialMs = 250, factor = 2, maxMs = 8000, jitter = 0.2 } = options;
  return (retry) => {
    const base = Math.min(maxMs, initialMs * factor ** (retry - 1));
    return base * (1 - jitter * Math.random());
  };
}

/**
 * Calls `fn(attempt)` (attempt 1, 2, …) until it succeeds, the failure is not retryable, or
 * `attempts` calls have failed. Before each retry, an `agent_otel.retry` event (attempt, backoff,
 * reason, `error.type`) goes on the span; when it finally fails, the failure is recorded with
 * `recordAgentFailure` (category and code from `classifyError`) and the last error is rethrown.
 * Throws a TypeError at once for invalid `attempts` or `backoff`.
 *
 * The waits are ordinary timers, not `unref()`'d: the caller is awaiting the result, so the
 * process must stay up for them.
 */
export function withRetries<T>(fn: (attempt: number) => T | Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 3;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new TypeError(`withRetries: option "attempts" must be an integer ≥ 1; got ${String(attempts)}`);
  }
  const backoff = options.backoff ?? exponentialBackoff();
  if (typeof backoff !== 'function' && !(typeof backoff === 'number' && Number.isFinite(backoff) && backoff >= 0 && backoff <= MAX_TIMER_MS)) {
    throw new TypeError(`withRetries: option "backoff" must be a number of ms in [0, ${MAX_TIMER_MS}] or a function; got ${String(backoff)}`);
  }
  const span = options.span ?? trace.getActiveSpan();
  return run(fn, attempts, backoff, options, span);
}

async function run<T>(
  fn: (attempt: number) => T | Promise<T>,
  attempts: number,
  backoff: number | ((retry: number, error: unknown) => number),
  options: RetryOptions,
  span: Span | undefined,
): Promise<T> {
  const origin = options.origin ?? 'model';
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const classification = classifyError(error, { origin });
      const retryable = options.retryOn ? options.retryOn(error, attempt) : classification.retryable;
      if (!retryable || attempt >= attempts) {
        if (span) recordAgentFailure(span, { ...classification, error, where: options.where });
        throw error;
      }
      const backoffMs = waitFor(backoff, attempt, error);
      if (span) recordRetry(span, { attempt, backoffMs, reason: classification.code, error });
      options.onRetry?.({ attempt, backoffMs, reason: classification.code, error });
      if (backoffMs > 0) await new Promise((resolve) => setTimeout(resolve, backoffMs));
    }
  }
}

function waitFor(backoff: number | ((retry: number, error: unknown) => number), retry: number, error: unknown): number {
  if (typeof backoff === 'number') return backoff;
  const ms = backoff(retry, error);
  // A timer cannot wait longer than MAX_TIMER_MS (Node would fire it after 1 ms): the wait, and the event, are capped.
  if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) return Math.min(ms, MAX_TIMER_MS);
  warnOnce('withRetries', `withRetries: the backoff function returned ${String(ms)}; retrying without waiting`);
  return 0;
}
