import { context, trace, type Attributes } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { TestTracing } from './test-tracing';

/** Starts and ends one span named `name` with `attributes` under the global provider; returns it as exported. */
export function endSpan(tracing: TestTracing, name: string, attributes: Attributes): ReadableSpan {
  trace.getTracer('test').startSpan(name, { attributes }, context.active()).end();
  return tracing.span(name);
}
