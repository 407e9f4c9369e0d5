import { diag, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ATTR_CAPTURE_MODE, ATTR_ERROR_TYPE } from '../src/attributes';
import { traceAgent } from '../src/trace-agent';
import { traceLlmCall } from '../src/trace-llm-call';
import { traceStep } from '../src/trace-step';
import { traceTool } from '../src/trace-tool';
import { VERSION } from '../src/version';
import { recordFailure } from '../src/with-span';
import { errorType } from '../src/error-type';
import type { CommonSpanOptions } from '../src/helper-options';
import { captureDiagWarnings, setUpTracing, type TestTracing } from './helpers/test-tracing';

type Run = <T>(common: CommonSpanOptions, fn: (span: Span) => T) => T;

/** Every helper, with the name of the span it starts; they share with-span.ts, each is checked. */
const HELPERS: ReadonlyArray<readonly [string, Run, string]> = [
  ['traceAgent', (common, fn) => traceAgent({ ...common, name: 'a' }, fn), 'invoke_agent a'],
  ['traceStep', (common, fn) => traceStep({ ...common, type: 'plan', name: 'trip' }, fn), 'plan trip'],
  ['traceLlmCall', (common, fn) => traceLlmCall({ ...common, model: 'm', provider: 'p' }, fn), 'chat m'],
  ['traceTool', (common, fn) => traceTool({ ...common, name: 't' }, fn), 'execute_tool t'],
];

class QuotaError extends Error {}

let tracing: TestTracing;

beforeEach(() => {
  tracing = setUpTracing();
});

afterEach(async () => {
  await tracing.tearDown();
  diag.disable();
});

function expectFailed(span: ReadableSpan, message: string, type: string): void {
  expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message });
  expect(span.attributes[ATTR_ERROR_TYPE]).toBe(type);
  expect(span.events.map((e) => e.name)).toEqual(['exception']);
  expect(span.events[0].attributes?.['exception.message']).toBe(message);
}

describe.each(HELPERS)('%s', (_helper, run, spanName) => {
  it('returns what a sync function returns, with the span active inside and ended after', () => {
    let inside: Span | undefined;
    const result = run({}, (span) => {
      inside = span;
      expect(trace.getActiveSpan()).toBe(span);
      expect(tracing.spans()).toHaveLength(0);
      return 42;
    });
    expect(result).toBe(42);
    expect(trace.getActiveSpan()).toBeUndefined();
    const span = tracing.span(spanName);
    expect(span.spanContext().spanId).toBe(inside?.spanContext().spanId);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.events).toHaveLength(0);
    expect(span.instrumentationScope).toEqual(expect.objectContaining({ name: '@agent-otel/genai', version: VERSION }));
  });

  it('ends the span only when a returned promise settles', async () => {
    let resolve!: (value: string) => void;
    const result = run({}, () => new Promise<string>((r) => (resolve = r)));
    await Promise.resolve();
    expect(tracing.spans()).toHaveLength(0);
    resolve('done');
    await expect(result).resolves.toBe('done');
    expect(tracing.span(spanName).status.code).toBe(SpanStatusCode.UNSET);
  });

  it('records a thrown error and rethrows the same error', () => {
    const error = new QuotaError('over quota');
    let caught: unknown;
    try {
      run({}, () => {
        throw error;
      });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBe(error);
    expectFailed(tracing.span(spanName), 'over quota', 'QuotaError');
  });

  it('records a rejection and rejects with the same error', async () => {
    const error = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const result = run({}, async () => {
      await Promise.resolve();
      throw error;
    });
    await expect(result).rejects.toBe(error);
    expectFailed(tracing.span(spanName), 'socket hang up', 'ECONNRESET');
  });

  it('handles a thrown value that is not an Error', () => {
    expect(() =>
      run({}, () => {
        throw 'plain string';
      }),
    ).toThrow('plain string');
    expectFailed(tracing.span(spanName), 'plain string', '_OTHER');
  });

  it('handles a rejection with undefined', async () => {
    await expect(run({}, () => Promise.reject(undefined))).rejects.toBeUndefined();
    expectFailed(tracing.span(spanName), 'undefined', '_OTHER');
  });

  it('sets the capture mode when asked', () => {
    run({ capture: 'critical' }, () => undefined);
    expect(tracing.span(spanName).attributes[ATTR_CAPTURE_MODE]).toBe('critical');
  });

  it('rejects a bad capture mode with one TypeError naming the option, before running fn', () => {
    const fn = jest.fn();
    expect(() => run({ capture: 'fast' as never }, fn)).toThrow(new TypeError(`${_helper}: option "capture" must be 'sampled', 'complete' or 'critical'; got "fast"`));
    expect(fn).not.toHaveBeenCalled();
    expect(tracing.spans()).toHaveLength(0);
  });

  it('adds extra attributes and starts the span with the given tracer', () => {
    run({ attributes: { 'app.route': '/plan' }, tracer: trace.getTracer('custom-scope') }, () => undefined);
    const span = tracing.span(spanName);
    expect(span.attributes['app.route']).toBe('/plan');
    expect(span.instrumentationScope.name).toBe('custom-scope');
  });

  it('subscribes to a thenable once and returns a promise of its value', async () => {
    const then = jest.fn((onFulfilled: (value: number) => unknown) => Promise.resolve(7).then(onFulfilled));
    const result = run({}, () => ({ then }) as unknown as PromiseLike<number>);
    await expect(result).resolves.toBe(7);
    expect(then).toHaveBeenCalledTimes(1);
    expect(tracing.spans()).toHaveLength(1);
  });
});

describe('errorType', () => {
  class HttpError extends Error {
    constructor(readonly code: unknown) {
      super('http');
    }
  }

  it.each<[string, unknown, string]>([
    ['a string code', new HttpError('rate_limited'), 'rate_limited'],
    ['a numeric code (class name instead)', new HttpError(429), 'HttpError'],
    ['an empty code (class name instead)', new HttpError(''), 'HttpError'],
    ['a built-in error', new TypeError('x'), 'TypeError'],
    ['a plain object with a code', { code: 'E_TOOL' }, 'E_TOOL'],
    ['a plain object', { message: 'x' }, '_OTHER'],
    ['a null-prototype object', Object.create(null), '_OTHER'],
    ['a string', 'boom', '_OTHER'],
    ['a number', 7, '_OTHER'],
    ['null', null, '_OTHER'],
    ['undefined', undefined, '_OTHER'],
  ])('of %s is %s', (_label, value, expected) => {
    expect(errorType(value)).toBe(expected);
  });
});

describe('recordFailure', () => {
  it('never throws, even when the span itself fails', () => {
    const warnings = captureDiagWarnings();
    const broken = {
      recordException: () => {
        throw new Error('broken span');
      },
    } as unknown as Span;
    expect(() => recordFailure(broken, new Error('original'))).not.toThrow();
    expect(warnings).toEqual(['agent-otel: could not record a failure on a span']);
  });

  it('records an object with a message and a cyclic object without one', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const tracer = trace.getTracer('test');
    const withMessage = tracer.startSpan('with-message');
    recordFailure(withMessage, { message: 'quota', name: 'QuotaExceeded' });
    withMessage.end();
    const withCycle = tracer.startSpan('with-cycle');
    recordFailure(withCycle, cyclic);
    withCycle.end();
    expect(tracing.span('with-message').status.message).toBe('quota');
    expect(tracing.span('with-message').events[0].attributes?.['exception.type']).toBe('QuotaExceeded');
    expect(tracing.span('with-cycle').status.message).toBe('[object Object]');
  });
});
