import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator } from '@opentelemetry/core';
import { StrictBaggagePropagator } from './baggage-propagator';
import { StrictTraceContextPropagator, type StrictTraceContextPropagatorOptions } from './trace-context-propagator';

/**
 * The propagator agent-otel installs: W3C Trace Context Level 2 and W3C Baggage, both read and
 * written strictly per their specifications ({@link StrictTraceContextPropagator},
 * {@link StrictBaggagePropagator}), combined with `@opentelemetry/core`'s CompositePropagator.
 * `options` go to the trace context propagator.
 */
export function createW3CPropagator(options: StrictTraceContextPropagatorOptions = {}): TextMapPropagator {
  return new CompositePropagator({ propagators: [new StrictTraceContextPropagator(options), new StrictBaggagePropagator()] });
}
