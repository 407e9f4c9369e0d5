import { diag, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import OpenAI, { BadRequestError } from 'openai';
import { exponentialBackoff, withRetries } from '../../src/flow/with-retries';
import { startScriptedLlmServer, type ScriptedLlmServer } from '../helpers/scripted-llm-server';
import { captureDiagWarnings, setUpTracing, type TestTracing } from '../helpers/test-tracing';

let tracing: TestTracing;

beforeEach(() => {
  tracing = setUpTracing();
});

afterEach(async () => {
  jest.useRealTimers();
  jest.restoreAllMocks();
  diag.disable();
  await tracing.tearDown();
});

/** Runs `fn` in an active span named `op` and ends it, whatever `fn` does. */
async function inActiveSpan<T>(fn: () => Promise<T>): Promise<T> {
  return trace.getTracer('test').startActiveSpan('op', async (span: Span) => {
    try {
      return await fn();
    } finally {
      span.end();
    }
  });
}

function eventSummary(): Array<Record<string, unknown>> {
  return tracing.span('op').events.map((e) => ({ name: e.name, ...e.attributes }));
}

function failing(code: string, status?: number): Error {
  return Object.assign(new Error(`failed with ${code}`), { code, status });
}

describe('withRetries around the real openai client', () => {
  let server: ScriptedLlmServer;

  afterEach(() => server.close());

  it('retries rate limits and 5xx on the active span, then returns the answer', async () => {
    server = await startScriptedLlmServer([
      { error: { status: 429, code: 'rate_limit_exceeded', message: 'Rate limit reached' } },
      { error: { status: 503, type: 'server_error', message: 'overloaded' } },
      { answer: 'Lisbon' },
    ]);
    const client = new OpenAI({ apiKey: 'test', baseURL: server.baseUrl, maxRetries: 0 });
    const answer = await inActiveSpan(() =>
      withRetries(() => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'where?' }] }), { backoff: 0 }),
    );
    expect(answer.choices[0].message.content).toBe('Lisbon');
    expect(server.requests()).toBe(3);
    expect(eventSummary()).toEqual([
      { name: 'agent_otel.retry', 'agent_otel.retry.attempt': 1, 'agent_otel.retry.backoff_ms': 0, 'agent_otel.retry.reason': 'rate_limited', 'error.type': 'rate_limit_exceeded' },
      {
        name: 'agent_otel.retry',
        'agent_otel.retry.attempt': 2,
        'agent_otel.retry.backoff_ms': 0,
        'agent_otel.retry.reason': 'provider_error',
        'error.type': 'InternalServerError',
      },
    ]);
    expect(tracing.span('op').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('does not retry a context length error, records it with the taxonomy and rethrows it', async () => {
    server = await startScriptedLlmServer([{ error: { status: 400, code: 'context_length_exceeded', message: 'maximum context length exceeded' } }]);
    const client = new OpenAI({ apiKey: 'test', baseURL: server.baseUrl, maxRetries: 0 });
    const call = inActiveSpan(() => withRetries(() => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }), { backoff: 0, where: 'llm:planner' }));
    await expect(call).rejects.toBeInstanceOf(BadRequestError);
    expect(server.requests()).toBe(1);
    const span = tracing.span('op');
    expect(span.attributes).toMatchObject({
      'agent_otel.failure.category': 'model',
      'agent_otel.failure.code': 'context_length_exceeded',
      'agent_otel.failure.where': 'llm:planner',
      'error.type': 'context_length_exceeded',
    });
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: '400 maximum context length exceeded' });
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
  });
});

describe('withRetries', () => {
  it('waits the exponential backoff between attempts', async () => {
    jest.useFakeTimers();
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const fn = jest.fn<Promise<string>, [number]>().mockRejectedValueOnce(failing('ECONNRESET')).mockRejectedValueOnce(failing('ECONNRESET')).mockResolvedValue('ok');
    const result = inActiveSpan(() => withRetries(fn, { origin: 'tool' }));
    await jest.advanceTimersByTimeAsync(0);
    expect(fn).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(249);
    expect(fn).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(fn).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(499);
    expect(fn).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBe('ok');
    expect(fn.mock.calls.map(([attempt]) => attempt)).toEqual([1, 2, 3]);
    expect(eventSummary().map((e) => e['agent_otel.retry.backoff_ms'])).toEqual([250, 500]);
  });

  it('gives up after the last attempt with the last error, recorded once', async () => {
    const errors = [failing('ETIMEDOUT'), failing('ETIMEDOUT'), failing('ECONNREFUSED')];
    let call = 0;
    const result = inActiveSpan(() => withRetries(async () => Promise.reject(errors[call++]), { attempts: 3, backoff: 0, origin: 'tool', where: 'tool:search' }));
    await expect(result).rejects.toBe(errors[2]);
    const span = tracing.span('op');
    expect(span.events.map((e) => e.name)).toEqual(['agent_otel.retry', 'agent_otel.retry', 'exception']);
    expect(span.attributes).toMatchObject({ 'agent_otel.failure.category': 'tool', 'agent_otel.failure.code': 'connection_failed', 'error.type': 'ECONNREFUSED' });
  });

  it('asks retryOn and tells onRetry', async () => {
    const onRetry = jest.fn();
    const retryOn = jest.fn((_error: unknown, retry: number) => retry < 2);
    const error = new Error('flaky');
    const result = inActiveSpan(() =>
      withRetries(
        () => {
          throw error;
        },
        { attempts: 5, backoff: (retry) => retry * 0, retryOn, onRetry },
      ),
    );
    await expect(result).rejects.toBe(error);
    expect(retryOn.mock.calls).toEqual([
      [error, 1],
      [error, 2],
    ]);
    expect(onRetry).toHaveBeenCalledWith({ attempt: 1, backoffMs: 0, reason: 'unknown_error', error });
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('stops with the error of an onRetry that throws', async () => {
    const hookError = new Error('hook failed');
    const fn = jest.fn().mockRejectedValue(failing('ECONNRESET'));
    const result = withRetries(fn, {
      backoff: 0,
      onRetry: () => {
        throw hookError;
      },
    });
    await expect(result).rejects.toBe(hookError);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('records nothing when there is no span, and works with synchronous functions', async () => {
    await expect(withRetries((attempt) => (attempt < 2 ? Promise.reject(failing('ECONNRESET')) : attempt), { backoff: 0 })).resolves.toBe(2);
    expect(tracing.spans()).toEqual([]);
    await expect(withRetries(() => 'sync')).resolves.toBe('sync');
  });

  it('throws a TypeError at once for invalid attempts or backoff', () => {
    const fn = jest.fn();
    expect(() => withRetries(fn, { attempts: 0 })).toThrow(new TypeError('withRetries: option "attempts" must be an integer ≥ 1; got 0'));
    expect(() => withRetries(fn, { attempts: 1.5 })).toThrow(TypeError);
    expect(() => withRetries(fn, { backoff: -1 })).toThrow(/option "backoff"/);
    expect(() => withRetries(fn, { backoff: 'soon' as never })).toThrow(TypeError);
    expect(() => withRetries(fn, { backoff: 2_147_483_648 })).toThrow(
      new TypeError('withRetries: option "backoff" must be a number of ms in [0, 2147483647] or a function; got 2147483648'),
    );
    expect(fn).not.toHaveBeenCalled();
  });

  it('caps what a backoff function returns at the longest timer, in the wait and in the event', async () => {
    jest.useFakeTimers();
    const fn = jest.fn<Promise<string>, [number]>().mockRejectedValueOnce(failing('ECONNRESET')).mockResolvedValue('ok');
    const onRetry = jest.fn();
    const result = inActiveSpan(() => withRetries(fn, { backoff: () => 5_000_000_000, onRetry }));
    await jest.advanceTimersByTimeAsync(1000);
    expect(fn).toHaveBeenCalledTimes(1); // not fired after 1 ms, as an uncapped timer would be
    await jest.advanceTimersByTimeAsync(2_147_483_647 - 1000);
    await expect(result).resolves.toBe('ok');
    expect(onRetry).toHaveBeenCalledWith(expect.objectContaining({ backoffMs: 2_147_483_647 }));
    expect(eventSummary().map((e) => e['agent_otel.retry.backoff_ms'])).toEqual([2_147_483_647]);
  });

  it('retries at once, with a warning, when the backoff function returns nonsense', async () => {
    const warnings = captureDiagWarnings();
    const fn = jest.fn().mockRejectedValueOnce(failing('ECONNRESET')).mockResolvedValue('ok');
    await expect(withRetries(fn, { backoff: () => NaN })).resolves.toBe('ok');
    expect(warnings.some((w) => w.includes('backoff function returned NaN'))).toBe(true);
  });
});

describe('exponentialBackoff', () => {
  it('grows by the factor up to the maximum, less the jitter share', () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    const backoff = exponentialBackoff({ initialMs: 100, factor: 3, maxMs: 1000, jitter: 0.5 });
    expect([1, 2, 3, 4].map(backoff)).toEqual([75, 225, 675, 750]);
    expect(exponentialBackoff({ jitter: 0 })(1)).toBe(250);
  });
});
