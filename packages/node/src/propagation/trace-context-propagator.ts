import { isSpanContextValid, trace, type Context, type SpanContext, type TextMapGetter, type TextMapPropagator, type TextMapSetter } from '@opentelemetry/api';
import { isTracingSuppressed } from '@opentelemetry/core';
import { headerValues } from './header-values';
import { FLAG_RANDOM, randomFlagToSend, withReceivedRandomFlag } from './trace-flags';
import { formatTraceparent, parseTraceparent } from './traceparent';
import { parseTracestate, tracestateToSend, truncateTracestate } from './tracestate';
import { W3CTraceState } from './w3c-trace-state';

/** Header carrying the trace id, parent id and flags. */
const TRACEPARENT_HEADER = 'traceparent';
/** Header carrying vendor-specific trace state. */
const TRACESTATE_HEADER = 'tracestate';

/** Options of {@link StrictTraceContextPropagator}. */
export interface StrictTraceContextPropagatorOptions {
  /**
   * Whether the trace ids of traces this process starts are random in at least their right-most
   * 7 bytes, so that their outbound `traceparent` sets the `random-trace-id` flag
   * (#random-trace-id-flag: it SHOULD then be set). True for the SDK's default `RandomIdGenerator`,
   * which draws all 16 bytes. Set it to false with an id generator that is not random, or when
   * traces also arrive through another propagator (B3, Jaeger) whose ids may not be random.
   * Traces received with a `traceparent` always send on the flag they arrived with.
   * Default true.
   */
  localTraceIdsAreRandom?: boolean;
}

/**
 * W3C Trace Context Level 2 propagator that follows the specification where the stock
 * `W3CTraceContextPropagator` of `@opentelemetry/core` is lenient or Level 1 only (see the
 * conformance table in the package README, which cites the section of each rule):
 * - several `traceparent` values (an array from the getter, or header lines combined with commas)
 *   are invalid and start a new trace, instead of the first being used;
 * - future versions are parsed by the specification's rule; of the flags, `sampled` and
 *   `random-trace-id` are kept and the reserved bits sent as zero;
 * - the `random-trace-id` flag received is sent on in every outbound `traceparent` of the same
 *   trace, although the SDK's child spans carry only `sampled`; traces started here set it
 *   (see {@link StrictTraceContextPropagatorOptions.localTraceIdsAreRandom});
 * - `tracestate` keys follow the Level 2 grammar (a letter or digit, then up to 255 of
 *   `a-z 0-9 _ - * / @`); a key repeated later in the list is dropped, the first entry kept;
 *   an invalid member or more than 32 members discards the `tracestate` as a whole (the trace is
 *   still continued);
 * - a `tracestate` over 512 characters is truncated by whole members, members over 128 characters
 *   first, then from the end.
 * `extract` and `inject` never throw; anything they cannot read is ignored.
 */
export class StrictTraceContextPropagator implements TextMapPropagator {
  private readonly localTraceIdsAreRandom: boolean;

  /** See {@link StrictTraceContextPropagatorOptions}. */
  constructor(options: StrictTraceContextPropagatorOptions = {}) {
    this.localTraceIdsAreRandom = options.localTraceIdsAreRandom !== false;
  }

  /** Writes `traceparent` (and `tracestate` when there is one) for the span in `context`. */
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    try {
      const spanContext = trace.getSpanContext(context);
      if (!spanContext || isTracingSuppressed(context) || !isSpanContextValid(spanContext)) return;
      const random = randomFlagToSend(context, spanContext, this.localTraceIdsAreRandom);
      setter.set(carrier, TRACEPARENT_HEADER, formatTraceparent(spanContext, random));
      const state = spanContext.traceState ? tracestateToSend(spanContext.traceState.serialize()) : '';
      if (state !== '') setter.set(carrier, TRACESTATE_HEADER, state);
    } catch {
      // A carrier that cannot be written to, or a context that cannot be read, stays as it is.
    }
  }

  /** Returns `context` with the remote span context read from the carrier, or `context` unchanged. */
  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    try {
      const parents = headerValues(getter.get(carrier, TRACEPARENT_HEADER));
      if (parents.length !== 1) return context;
      const parsed = parseTraceparent(parents[0]!);
      if (!parsed) return context;
      const spanContext: SpanContext = { ...parsed, isRemote: true };
      const states = headerValues(getter.get(carrier, TRACESTATE_HEADER));
      const members = states.length > 0 ? parseTracestate(states.join(',')) : undefined;
      if (members && members.length > 0) spanContext.traceState = new W3CTraceState(truncateTracestate(members));
      const random = (parsed.traceFlags & FLAG_RANDOM) === FLAG_RANDOM;
      return trace.setSpanContext(withReceivedRandomFlag(context, parsed.traceId, random), spanContext);
    } catch {
      return context;
    }
  }

  /** The headers this propagator reads and writes. */
  fields(): string[] {
    return [TRACEPARENT_HEADER, TRACESTATE_HEADER];
  }
}
