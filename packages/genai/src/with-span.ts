import { diag, SpanStatusCode, type Context, type Exception, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';
import { confirmed } from '@agent-otel/capture';
import { ATTR_CAPTURE_MODE, ATTR_ERROR_TYPE } from './attributes';
import { errorType } from './error-type';
import { hasRecordedFailure } from './flow/record-agent-failure';

/**
 * Runs `fn` inside a new active span (children started in `fn` nest under it) and ends the span
 * when `fn` returns or, if it returns a promise or other thenable, when that settles.
 *
 * A throw or rejection is recorded on the span (see {@link recordFailure}) and passed on unchanged;
 * success leaves the status UNSET, as the conventions ask. A thenable comes back as the promise
 * returned by its `then`, so it is subscribed to exactly once.
 *
 * When the span starts with capture mode `critical` and `fn` is asynchronous, the returned promise
 * also waits for `confirmed()`: it settles only once the span is durable and the backend accepted
 * it, and rejects with the confirmation error if that fails (a failure of `fn` itself still wins).
 * A synchronous `fn` returns at once; call `confirmed(span.spanContext())` to wait.
 */
export function runInSpan<T>(tracer: Tracer, name: string, options: SpanOptions, parentContext: Context, fn: (span: Span) => T): T {
  const critical = options.attributes?.[ATTR_CAPTURE_MODE] === 'critical';
  return tracer.startActiveSpan(name, options, parentContext, (span) => {
    let result: T;
    try {
      result = fn(span);
    } catch (error) {
      recordFailure(span, error);
      span.end();
      throw error;
    }
    if (!isThenable(result)) {
      span.end();
      return result;
    }
    return result.then(
      (value) => {
        span.end();
        return critical ? confirmed(span.spanContext()).then(() => value) : value;
      },
      async (error: unknown) => {
        recordFailure(span, error);
        span.end();
        if (critical) {
          await confirmed(span.spanContext()).catch((confirmError: Error) =>
            diag.warn(`agent-otel: the failed critical span "${name}" was not confirmed: ${confirmError.message}`),
          );
        }
        throw error;
      },
    ) as T;
  });
}

/**
 * Marks `span` as failed with `error`: an exception event, status ERROR with the error's message,
 * and `error.type` (see {@link errorType}). Never throws, whatever was thrown.
 */
export function recordFailure(span: Span, error: unknown): void {
  // recordAgentFailure already recorded this error, sanitized and classified: keep that record.
  if (hasRecordedFailure(span, error)) return;
  try {
    span.recordException(toException(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: describe(error) });
    span.setAttribute(ATTR_ERROR_TYPE, errorType(error));
  } catch (recordingError) {
    diag.warn('agent-otel: could not record a failure on a span', recordingError);
  }
}

function toException(error: unknown): Exception {
  if (error instanceof Error) return error;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return error as Exception;
  }
  return describe(error);
}

function describe(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    try {
      return JSON.stringify(error) ?? Object.prototype.toString.call(error);
    } catch {
      return Object.prototype.toString.call(error);
    }
  }
  return String(error);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
