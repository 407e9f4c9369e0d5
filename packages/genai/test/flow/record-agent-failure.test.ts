import { diag, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { RateLimitError } from 'openai';
import { hasRecordedFailure, recordAgentFailure } from '../../src/flow/record-agent-failure';
import { captureDiagWarnings, setUpTracing, type TestTracing } from '../helpers/test-tracing';

let tracing: TestTracing;

beforeEach(() => {
  tracing = setUpTracing();
});

afterEach(async () => {
  diag.disable();
  await tracing.tearDown();
});

function inSpan(fn: (span: Span) => void): ReturnType<TestTracing['span']> {
  const span = trace.getTracer('test').startSpan('op');
  fn(span);
  span.end();
  return tracing.span('op');
}

describe('recordAgentFailure', () => {
  it('sets status, error.type, the taxonomy and one exception event with a sanitized message', () => {
    const error = new TypeError('Tool "search" failed for query 42\n    at fake (/app/tool.js:1:1)');
    const span = inSpan((s) => recordAgentFailure(s, { category: 'tool', code: 'tool_timeout', error, where: ' tool:search ' }));
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'Tool "search" failed for query 42' });
    expect(span.attributes).toEqual({
      'error.type': 'TypeError',
      'agent_otel.failure.category': 'tool',
      'agent_otel.failure.code': 'tool_timeout',
      'agent_otel.failure.where': 'tool:search',
    });
    expect(span.events).toHaveLength(1);
    const [event] = span.events;
    expect(event.name).toBe('exception');
    expect(event.attributes?.['exception.type']).toBe('TypeError');
    expect(event.attributes?.['exception.message']).toBe('Tool "search" failed for query 42');
    const stack = event.attributes?.['exception.stacktrace'] as string;
    expect(stack).toMatch(/^\s+at /);
    expect(stack).not.toContain('failed for');
  });

  it('prefers the given message, caps it, and uses the code as error.type when there is no error', () => {
    const span = inSpan((s) => recordAgentFailure(s, { category: 'orchestration', code: 'max_steps_exceeded', message: 'm'.repeat(1000) }));
    expect(span.attributes['error.type']).toBe('max_steps_exceeded');
    expect(span.status.message).toHaveLength(512);
    expect(span.events[0].attributes?.['exception.stacktrace']).toBeUndefined();
    const bare = trace.getTracer('test').startSpan('bare');
    recordAgentFailure(bare, { category: 'guardrail', code: 'blocked' });
    bare.end();
    expect(tracing.span('bare').status.message).toBe('blocked');
  });

  it('takes error.type from a real provider error', () => {
    const error = new RateLimitError(429, { code: 'rate_limit_exceeded', message: 'slow down' }, undefined, new Headers());
    const span = inSpan((s) => recordAgentFailure(s, { category: 'model', code: 'rate_limited', error }));
    expect(span.attributes['error.type']).toBe('rate_limit_exceeded');
    expect(span.status.message).toBe('429 slow down');
  });

  it('falls back to the code when the error has no class worth naming', () => {
    const span = inSpan((s) => recordAgentFailure(s, { category: 'model', code: 'provider_error', error: { status: 500 } }));
    expect(span.attributes['error.type']).toBe('provider_error');
    expect(span.status.message).toBe('{"status":500}');
  });

  it('records invalid input as well as it can, warns once and never throws', () => {
    const warnings = captureDiagWarnings();
    const span = inSpan((s) => {
      recordAgentFailure(s, { category: 'network' as never, code: '' });
      recordAgentFailure(s, null as never);
    });
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['agent_otel.failure.code']).toBe('unknown_error');
    expect(span.attributes['agent_otel.failure.category']).toBeUndefined();
    expect(() => recordAgentFailure({} as Span, { category: 'model', code: 'x' })).not.toThrow();
    expect(warnings.filter((w) => w.includes('recordAgentFailure'))).toHaveLength(1);
  });

  it('remembers which error it recorded on which span', () => {
    const error = new Error('boom');
    const span = trace.getTracer('test').startSpan('op');
    expect(hasRecordedFailure(span, error)).toBe(false);
    recordAgentFailure(span, { category: 'model', code: 'x', error });
    expect(hasRecordedFailure(span, error)).toBe(true);
    expect(hasRecordedFailure(span, new Error('boom'))).toBe(false);
    span.end();
  });
});
