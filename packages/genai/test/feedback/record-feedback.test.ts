import { SpanKind, trace } from '@opentelemetry/api';
import { recordFeedback, type FeedbackOptions } from '../../src/feedback/record-feedback';
import { traceAgent } from '../../src/trace-agent';
import { setUpTracing, type TestTracing } from '../helpers/test-tracing';

let tracing: TestTracing;

beforeEach(() => {
  tracing = setUpTracing();
});

afterEach(() => tracing.tearDown());

/** Runs a small agent request and returns the ids of its root span, as an app would store them. */
async function finishedRequest(): Promise<{ traceId: string; spanId: string }> {
  return traceAgent({ name: 'planner' }, async (span) => {
    const { traceId, spanId } = span.spanContext();
    return { traceId, spanId };
  });
}

describe('recordFeedback', () => {
  it('records an evaluation span in its own trace, linked to the evaluated span', async () => {
    const evaluated = await finishedRequest();
    const returned = recordFeedback({ ...evaluated, name: 'user_feedback', score: 1, label: 'thumbs_up', comment: 'Great trip', evaluator: 'user', responseId: 'chatcmpl-1' });
    const span = tracing.span('evaluation user_feedback');
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(span.spanContext()).toEqual(returned);
    expect(span.spanContext().traceId).not.toBe(evaluated.traceId);
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.links).toEqual([{ context: { ...evaluated, traceFlags: 1, isRemote: true } }]);
    const evaluation = {
      'gen_ai.evaluation.name': 'user_feedback',
      'gen_ai.evaluation.score.value': 1,
      'gen_ai.evaluation.score.label': 'thumbs_up',
      'gen_ai.evaluation.explanation': 'Great trip',
      'gen_ai.response.id': 'chatcmpl-1',
    };
    expect(span.attributes).toMatchObject({
      ...evaluation,
      'agent_otel.feedback.evaluator': 'user',
      'agent_otel.feedback.trace_id': evaluated.traceId,
      'agent_otel.feedback.span_id': evaluated.spanId,
    });
    expect(span.events.map((e) => ({ name: e.name, attributes: e.attributes }))).toEqual([{ name: 'gen_ai.evaluation.result', attributes: evaluation }]);
  });

  it('puts the span inside the evaluated trace as a child of the evaluated span when asked', async () => {
    const evaluated = await finishedRequest();
    recordFeedback({ ...evaluated, name: 'relevance', score: 0.4, inEvaluatedTrace: true });
    const span = tracing.span('evaluation relevance');
    expect(span.spanContext().traceId).toBe(evaluated.traceId);
    expect(span.parentSpanContext).toMatchObject({ ...evaluated, isRemote: true });
    expect(span.links).toHaveLength(1);
  });

  it('starts a new trace even inside an active span, and needs no span id', async () => {
    const evaluated = await finishedRequest();
    await traceAgent({ name: 'review' }, () => recordFeedback({ traceId: evaluated.traceId.toUpperCase(), name: 'review', label: 'fail' }));
    const span = tracing.span('evaluation review');
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.links).toEqual([]);
    expect(span.attributes['agent_otel.feedback.trace_id']).toBe(evaluated.traceId);
    expect(span.attributes).not.toHaveProperty('agent_otel.feedback.span_id');
  });

  it('takes the common helper options', async () => {
    const tracer = trace.getTracer('custom-scope');
    recordFeedback({ traceId: 'a'.repeat(32), name: 'nps', score: 9, capture: 'complete', attributes: { 'app.release': '7' }, tracer });
    const span = tracing.span('evaluation nps');
    expect(span.instrumentationScope.name).toBe('custom-scope');
    expect(span.attributes).toMatchObject({ 'agent_otel.capture.mode': 'complete', 'app.release': '7' });
  });

  const valid: FeedbackOptions = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'x', score: 1 };

  it.each<[string, Partial<FeedbackOptions> | null, RegExp]>([
    ['a short trace id', { traceId: 'abc' }, /"traceId" must be 32 hex digits, not all zero; got "abc"/],
    ['an all-zero trace id', { traceId: '0'.repeat(32) }, /"traceId"/],
    ['a non-hex trace id', { traceId: 'g'.repeat(32) }, /"traceId"/],
    ['a missing trace id', { traceId: undefined }, /"traceId" .* got undefined/],
    ['a bad span id', { spanId: '123' }, /"spanId" must be 16 hex digits/],
    ['an all-zero span id', { spanId: '0'.repeat(16) }, /"spanId"/],
    ['an empty name', { name: '  ' }, /"name" must be a non-empty string/],
    ['a non-finite score', { score: NaN }, /"score" must be a finite number/],
    ['a non-string label', { label: 5 as never }, /"label" must be a string/],
    ['a non-string comment', { comment: {} as never }, /"comment" must be a string/],
    ['no score, label or comment', { score: undefined }, /at least one of "score", "label" and "comment"/],
    ['inEvaluatedTrace without a span id', { spanId: undefined, inEvaluatedTrace: true }, /"inEvaluatedTrace" needs "spanId"/],
    ['an invalid capture mode', { capture: 'always' as never }, /option "capture"/],
  ])('throws a TypeError for %s, and records nothing', (_case, change, message) => {
    expect(() => recordFeedback({ ...valid, ...change })).toThrow(TypeError);
    expect(() => recordFeedback({ ...valid, ...change })).toThrow(message);
    expect(tracing.spans()).toEqual([]);
  });

  it('throws a TypeError for a missing feedback object', () => {
    expect(() => recordFeedback(undefined as never)).toThrow(new TypeError('recordFeedback: expected a feedback object'));
  });
});
