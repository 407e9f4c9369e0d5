import { isSpanContextValid, trace, type Context, type SpanContext, type TextMapGetter, type TextMapPropagator, type TextMapSetter } from '@opentelemetry/api';
import { isTracingSuppressed, TraceState } from '@opentelemetry/core';
import { headerValues } from './header-values';
import { formatTraceparent, parseTraceparent } from './traceparent';
import { parseTracestate, tracestateToSend, truncateTracestate } from './tracestate';

/** Header carrying the trace id, parent id and flags. */
export const TRACEPARENT_HEADER = 'traceparent';
/** Header carrying vendor-specific trace state. */
export const TRACESTATE_HEADER = 'tracestate';

/**
 * W3C Trace Context Level 1 propagator that follows the specification where the stock
 * `W3CTraceContextPropagator` of `@opentelemetry/core` is lenient (see the conformance table in
 * the package README):
 * - several `traceparent` values (an array from the getter, or header lines combined with commas)
 *   are invalid and start a new trace, instead of the first being used;
 * - future versions are parsed by the specification's rule and only the `sampled` flag is kept;
 * - a `tracestate` with an invalid member, a repeated key or more than 32 members is discarded as
 *   a whole (the trace is still continued), instead of keeping what could be parsed;
 * - a `tracestate` over 512 characters is truncated by whole members, members over 128 characters
 *   first, then from the end;
 * - on inject, flags other than `sampled` are written as zero and always as two hex digits.
 * `extract` and `inject` never throw; anything they cannot read is ignored.
 */
export class StrictTraceContextPropagator implements TextMapPropagator {
  /** Writes `traceparent` (and `tracestate` when there is one) for the span in `context`. */
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const spanContext = trace.getSpanContext(context);
    if (!spanContext || isTracingSuppressed(context) || !isSpanContextValid(spanContext)) return;
    try {
      setter.set(carrier, TRACEPARENT_HEADER, formatTraceparent(spanContext));
      const state = spanContext.traceState ? tracestateToSend(spanContext.traceState.serialize()) : '';
      if (state !== '') setter.set(carrier, TRACESTATE_HEADER, state);
    } catch {
      // A carrier that cannot be written to stays as it is.
    }
  }

  /** Returns `context` with the remote span context read from the carrier, or `context` unchanged. */
  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    try {
      const parents = headerValues(getter.get(carrier, TRACEPARENT_HEADER));
      if (parents.length !== 1) return context;
      const parsed = parseTraceparent(parents[0]);
      if (!parsed) return context;
      const spanContext: SpanContext = { ...parsed, isRemote: true };
      const states = headerValues(getter.get(carrier, TRACESTATE_HEADER));
      const members = states.length > 0 ? parseTracestate(states.join(',')) : undefined;
      if (members && members.length > 0) spanContext.traceState = new TraceState(truncateTracestate(members).join(','));
      return trace.setSpanContext(context, spanContext);
    } catch {
      return context;
    }
  }

  /** The headers this propagator reads and writes. */
  fields(): string[] {
    return [TRACEPARENT_HEADER, TRACESTATE_HEADER];
  }
}
