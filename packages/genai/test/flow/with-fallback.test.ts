import { SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import OpenAI from 'openai';
import { withFallback } from '../../src/flow/with-fallback';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../helpers/scripted-llm-server';
import { setUpTracing, type TestTracing } from '../helpers/test-tracing';

let tracing: TestTracing;

beforeEach(() => {
  tracing = setUpTracing();
});

afterEach(() => tracing.tearDown());

async function inActiveSpan<T>(fn: () => Promise<T>): Promise<T> {
  return trace.getTracer('test').startActiveSpan('op', async (span: Span) => {
    try {
      return await fn();
    } finally {
      span.end();
    }
  });
}

describe('withFallback', () => {
  let primary: ScriptedLlmServer | undefined;
  let secondary: ScriptedLlmServer | undefined;

  afterEach(async () => {
    await primary?.close();
    await secondary?.close();
    primary = secondary = undefined;
  });

  it('falls back from a rate-limited provider to another, with an event on the active span', async () => {
    primary = await startScriptedLlmServer([{ error: { status: 429, code: 'rate_limit_exceeded', message: 'Rate limit reached' } }]);
    secondary = await startScriptedLlmServer([{ answer: 'from the fallback' }]);
    const main = new OpenAI({ apiKey: 'test', baseURL: primary.baseUrl, maxRetries: 0 });
    const backup = new OpenAI({ apiKey: 'test', baseURL: secondary.baseUrl, maxRetries: 0 });
    const ask = (client: OpenAI, model: string) => client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });
    const answer = await inActiveSpan(() =>
      withFallback(
        () => ask(main, 'gpt-4o'),
        () => ask(backup, 'gpt-4o-mini'),
        { from: 'gpt-4o', to: 'gpt-4o-mini' },
      ),
    );
    expect(answer.choices[0].message.content).toBe('from the fallback');
    const span = tracing.span('op');
    expect(span.events.map((e) => ({ name: e.name, ...e.attributes }))).toEqual([
      {
        name: 'agent_otel.fallback',
        'agent_otel.fallback.from': 'gpt-4o',
        'agent_otel.fallback.to': 'gpt-4o-mini',
        'agent_otel.fallback.reason': 'rate_limited',
        'error.type': 'rate_limit_exceeded',
      },
    ]);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('records nothing when the primary succeeds', async () => {
    const fallback = jest.fn();
    await expect(inActiveSpan(() => withFallback(() => 'primary', fallback, { from: 'a', to: 'b' }))).resolves.toBe('primary');
    expect(fallback).not.toHaveBeenCalled();
    expect(tracing.span('op').events).toEqual([]);
  });

  it('passes the primary error to the fallback and uses the given reason', async () => {
    const primaryError = new Error('tool down');
    const fallback = jest.fn((error: unknown) => `recovered from ${(error as Error).message}`);
    const result = inActiveSpan(() =>
      withFallback(
        () => {
          throw primaryError;
        },
        fallback,
        { from: 'search', to: 'cache', reason: 'tool_unavailable' },
      ),
    );
    await expect(result).resolves.toBe('recovered from tool down');
    expect(fallback).toHaveBeenCalledWith(primaryError);
    expect(tracing.span('op').events[0].attributes?.['agent_otel.fallback.reason']).toBe('tool_unavailable');
  });

  it("records the fallback's own failure with the taxonomy and rethrows it", async () => {
    const fallbackError = Object.assign(new Error('cache miss'), { code: 'ECONNREFUSED' });
    const result = inActiveSpan(() =>
      withFallback(
        () => Promise.reject(new Error('x')),
        () => Promise.reject(fallbackError),
        { from: 'search', to: 'cache', origin: 'tool', where: 'tool:cache' },
      ),
    );
    await expect(result).rejects.toBe(fallbackError);
    const span = tracing.span('op');
    expect(span.events.map((e) => e.name)).toEqual(['agent_otel.fallback', 'exception']);
    expect(span.attributes).toMatchObject({ 'agent_otel.failure.category': 'tool', 'agent_otel.failure.code': 'connection_failed', 'agent_otel.failure.where': 'tool:cache' });
  });

  it('rethrows without falling back when shouldFallback says no', async () => {
    const primaryError = Object.assign(new Error('bad key'), { status: 401 });
    const fallback = jest.fn();
    const result = inActiveSpan(() => withFallback(() => Promise.reject(primaryError), fallback, { from: 'a', to: 'b', shouldFallback: () => false }));
    await expect(result).rejects.toBe(primaryError);
    expect(fallback).not.toHaveBeenCalled();
    expect(tracing.span('op').attributes['agent_otel.failure.code']).toBe('authentication_failed');
  });

  it('works without any span', async () => {
    await expect(
      withFallback(
        () => Promise.reject(new Error('x')),
        () => 'b',
        { from: 'a', to: 'b' },
      ),
    ).resolves.toBe('b');
    expect(tracing.spans()).toEqual([]);
  });
});
