import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator } from '@opentelemetry/core';
import { StrictBaggagePropagator } from './baggage-propagator';
import { StrictTraceContextPropagator } from './trace-context-propagator';

/**
 * The propagator agent-otel installs: W3C Trace Context Level 1 and W3C Baggage, both read and
 * written strictly per their specifications ({@link StrictTraceContextPropagator},
 * {@link StrictBaggagePropagator}), combined with `@opentelemetry/core`'s CompositePropagator.
 */
export function createW3CPropagator(): TextMapPropagator {
  return new CompositePropagator({ propagators: [new StrictTraceContextPropagator(), new StrictBaggagePropagator()] });
}
