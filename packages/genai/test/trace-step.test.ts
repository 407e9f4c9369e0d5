import { SpanKind } from '@opentelemetry/api';
import { STEP_TYPES } from '../src/attributes';
import { traceStep } from '../src/trace-step';
import { setUpTracing, type TestTracing } from './helpers/test-tracing';

let tracing: TestTracing;

beforeEach(() => {
  tracing = setUpTracing();
});

afterEach(() => tracing.tearDown());

describe('traceStep', () => {
  it.each(STEP_TYPES)('names a %s step "{type} {name}" and records type and name', (type) => {
    traceStep({ type, name: 'trip' }, () => undefined);
    const span = tracing.span(`${type} trip`);
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(span.attributes).toEqual({ 'agent_otel.step.type': type, 'agent_otel.step.name': 'trip' });
  });

  it('names the span by its type alone when the name is empty', () => {
    traceStep({ type: 'reflection', name: '' }, () => undefined);
    expect(tracing.span('reflection').attributes['agent_otel.step.type']).toBe('reflection');
  });
});
