import { diag, trace, type Span } from '@opentelemetry/api';
import { RateLimitError } from 'openai';
import { recordFallback, recordGuardrailHit, recordMaxStepsExceeded, recordRetry, recordTimeout } from '../../src/flow/flow-events';
import { captureDiagWarnings, setUpTracing, type TestTracing } from '../helpers/test-tracing';

let tracing: TestTracing;

beforeEach(() => {
  tracing = setUpTracing();
});

afterEach(async () => {
  diag.disable();
  await tracing.tearDown();
});

/** The events recorded on a span that `fn` is given, by name and attributes. */
function eventsOf(fn: (span: Span) => void): Array<{ name: string; attributes: unknown }> {
  const span = trace.getTracer('test').startSpan('op');
  fn(span);
  span.end();
  return tracing.span('op').events.map((e) => ({ name: e.name, attributes: e.attributes }));
}

describe('flow events', () => {
  it('records a retry with attempt, backoff, reason and error.type', () => {
    const error = new RateLimitError(429, { message: 'slow down' }, undefined, new Headers());
    expect(
      eventsOf((span) => {
        recordRetry(span, { attempt: 1, backoffMs: 250, reason: 'rate_limited', error });
        recordRetry(span, { attempt: 2, backoffMs: 500, error });
      }),
    ).toEqual([
      {
        name: 'agent_otel.retry',
        attributes: { 'agent_otel.retry.attempt': 1, 'agent_otel.retry.backoff_ms': 250, 'agent_otel.retry.reason': 'rate_limited', 'error.type': 'RateLimitError' },
      },
      {
        name: 'agent_otel.retry',
        attributes: { 'agent_otel.retry.attempt': 2, 'agent_otel.retry.backoff_ms': 500, 'agent_otel.retry.reason': 'rate_limited', 'error.type': 'RateLimitError' },
      },
    ]);
  });

  it('records a timeout, a fallback, a guardrail hit and max steps exceeded', () => {
    expect(
      eventsOf((span) => {
        recordTimeout(span, { timeoutMs: 30_000, operation: 'tool:search' });
        recordFallback(span, { from: 'gpt-4o', to: 'gpt-4o-mini', reason: 'rate_limited' });
        recordGuardrailHit(span, { policy: 'pii', action: 'redacted', detail: 'email in\n prompt' });
        recordMaxStepsExceeded(span, { limit: 10, steps: 10 });
      }),
    ).toEqual([
      { name: 'agent_otel.timeout', attributes: { 'agent_otel.timeout.ms': 30_000, 'agent_otel.timeout.operation': 'tool:search' } },
      {
        name: 'agent_otel.fallback',
        attributes: { 'agent_otel.fallback.from': 'gpt-4o', 'agent_otel.fallback.to': 'gpt-4o-mini', 'agent_otel.fallback.reason': 'rate_limited' },
      },
      {
        name: 'agent_otel.guardrail',
        attributes: { 'agent_otel.guardrail.policy': 'pii', 'agent_otel.guardrail.action': 'redacted', 'agent_otel.guardrail.detail': 'email in prompt' },
      },
      { name: 'agent_otel.max_steps_exceeded', attributes: { 'agent_otel.steps.limit': 10, 'agent_otel.steps.count': 10 } },
    ]);
  });

  it('derives a fallback reason from the error when none is given', () => {
    const [event] = eventsOf((span) => recordFallback(span, { from: 'a', to: 'b', error: Object.assign(new Error('x'), { status: 503 }) }));
    expect(event.attributes).toMatchObject({ 'agent_otel.fallback.reason': 'provider_error', 'error.type': 'Error' });
  });

  it('leaves invalid fields out, still records the event, and warns once per helper', () => {
    const warnings = captureDiagWarnings();
    const events = eventsOf((span) => {
      recordRetry(span, { attempt: 0, backoffMs: -1, reason: '' });
      recordRetry(span, { attempt: NaN, backoffMs: 5 });
      recordGuardrailHit(span, { policy: 'jailbreak', action: 'deleted' as never });
      recordTimeout(span, { timeoutMs: Infinity, operation: 42 as never });
    });
    expect(events).toEqual([
      { name: 'agent_otel.retry', attributes: {} },
      { name: 'agent_otel.retry', attributes: { 'agent_otel.retry.backoff_ms': 5 } },
      { name: 'agent_otel.guardrail', attributes: { 'agent_otel.guardrail.policy': 'jailbreak' } },
      { name: 'agent_otel.timeout', attributes: {} },
    ]);
    expect(warnings.filter((w) => w.includes('recordRetry'))).toHaveLength(1);
    expect(warnings.filter((w) => w.includes('recordGuardrailHit'))).toHaveLength(1);
  });

  it('never throws on a missing options object or a broken span', () => {
    const events = eventsOf((span) => {
      expect(() => recordFallback(span, null as never)).not.toThrow();
      expect(() => recordMaxStepsExceeded(span, undefined as never)).not.toThrow();
    });
    expect(events).toEqual([]);
    expect(() => recordTimeout({} as Span, { timeoutMs: 1, operation: 'x' })).not.toThrow();
    expect(() => recordRetry(undefined as never, { attempt: 1, backoffMs: 1 })).not.toThrow();
  });
});

describe('warnOnce', () => {
  it('logs the first warning per key and stays silent after', () => {
    jest.isolateModules(() => {
      // A fresh module registry: this test does not depend on what earlier tests warned about.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { warnOnce } = require('../../src/flow/warn-once') as typeof import('../../src/flow/warn-once');
      const warnings = captureDiagWarnings();
      warnOnce('a', 'first');
      warnOnce('a', 'second');
      warnOnce('b', 'third');
      expect(warnings).toEqual(['agent-otel: first; later occurrences are not logged', 'agent-otel: third; later occurrences are not logged']);
    });
  });
});
