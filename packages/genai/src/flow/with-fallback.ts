import { trace, type Span } from '@opentelemetry/api';
import type { FailureCategory } from '../attributes';
import { classifyError } from './classify-error';
import { recordFallback } from './flow-events';
import { recordAgentFailure } from './record-agent-failure';

/** Options of {@link withFallback}. */
export interface FallbackOptions {
  /** What `primary` uses, e.g. `gpt-4o` (`agent_otel.fallback.from`). */
  from: string;
  /** What `fallback` uses, e.g. `gpt-4o-mini` (`agent_otel.fallback.to`). */
  to: string;
  /** Why, in the event. Default: the code `classifyError` gives the primary's error, e.g. `rate_limited`. */
  reason?: string;
  /** Whether a failure of `primary` should fall back; if not, it is recorded and rethrown. Default: every failure falls back. */
  shouldFallback?: (error: unknown) => boolean;
  /** Span that gets the fallback event and a final failure. Default: the active span when `withFallback` is called (none: nothing recorded). */
  span?: Span;
  /** Category of what is being called, for the classification (see `classifyError`). Default: `model`. */
  origin?: FailureCategory;
  /** The component or step, written as `agent_otel.failure.where` on final failure. Default: none. */
  where?: string;
}

/**
 * Runs `primary()`; if it throws or rejects (and `shouldFallback` agrees), records an
 * `agent_otel.fallback` event and returns `fallback(error)`. When the fallback fails too, or the
 * primary's failure is not to fall back, that failure is recorded with `recordAgentFailure`
 * (category and code from `classifyError`) and rethrown.
 */
export async function withFallback<T>(primary: () => T | Promise<T>, fallback: (primaryError: unknown) => T | Promise<T>, options: FallbackOptions): Promise<T> {
  const span = options.span ?? trace.getActiveSpan();
  const origin = options.origin ?? 'model';
  try {
    return await primary();
  } catch (primaryError) {
    if (options.shouldFallback && !options.shouldFallback(primaryError)) {
      if (span) recordAgentFailure(span, { ...classifyError(primaryError, { origin }), error: primaryError, where: options.where });
      throw primaryError;
    }
    if (span) {
      const reason = options.reason ?? classifyError(primaryError, { origin }).code;
      recordFallback(span, { from: options.from, to: options.to, reason, error: primaryError });
    }
    try {
      return await fallback(primaryError);
    } catch (fallbackError) {
      if (span) recordAgentFailure(span, { ...classifyError(fallbackError, { origin }), error: fallbackError, where: options.where });
      throw fallbackError;
    }
  }
}
