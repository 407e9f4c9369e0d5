import { context, SpanKind, type Span } from '@opentelemetry/api';
import { ATTR_STEP_NAME, ATTR_STEP_TYPE, type StepType } from './attributes';
import { spanName, startAttributes, tracerOf, type CommonSpanOptions } from './helper-options';
import { runInSpan } from './with-span';

/** Options of {@link traceStep}. */
export interface StepSpanOptions extends CommonSpanOptions {
  /** Kind of step (`agent_otel.step.type`). */
  type: StepType;
  /** The application's name for the step (`agent_otel.step.name`), e.g. `trip`. */
  name: string;
}

/**
 * Runs `fn` inside a `{type} {name}` span (e.g. `plan trip`, kind INTERNAL) for one agent step.
 * Ends when `fn` returns or its promise settles; failures are recorded and rethrown.
 */
export function traceStep<T>(options: StepSpanOptions, fn: (span: Span) => T): T {
  const attributes = startAttributes('traceStep', options, {
    [ATTR_STEP_TYPE]: options.type,
    [ATTR_STEP_NAME]: options.name,
  });
  return runInSpan(tracerOf(options), spanName(options.type, options.name), { kind: SpanKind.INTERNAL, attributes }, context.active(), fn);
}
