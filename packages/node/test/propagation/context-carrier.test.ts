import { context, propagation, ROOT_CONTEXT, trace, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { createW3CPropagator } from '../../src/propagation/create-w3c-propagator';
import { extractContext, injectContext, withExtractedContext } from '../../src/propagation/context-carrier';

const T = '4bf92f3577b34da6a3ce929d0e0e4736';
const P = '00f067aa0ba902b7';
const VALID = `00-${T}-${P}-01`;
/** What a trace started in this process sends: sampled, and its trace id random (Level 2 flag). */
const SENT = `00-${T}-${P}-03`;

const contextManager = new AsyncLocalStorageContextManager();

beforeAll(() => {
  context.setGlobalContextManager(contextManager.enable());
  propagation.setGlobalPropagator(createW3CPropagator());
});

afterAll(() => {
  propagation.disable();
  context.disable();
});

/** A context with a local sampled span and session baggage, as a producer has. */
function producerContext(): Context {
  const withSpan = trace.setSpanContext(ROOT_CONTEXT, { traceId: T, spanId: P, traceFlags: 1 });
  return propagation.setBaggage(withSpan, propagation.createBaggage({ 'session.id': { value: 's 1' } }));
}

describe('injectContext', () => {
  it('writes traceparent and baggage of the given context into the carrier and returns it', () => {
    const headers = { 'content-type': 'application/json' };
    const out = injectContext(headers, producerContext());
    expect(out).toBe(headers);
    expect(out).toEqual({ 'content-type': 'application/json', traceparent: SENT, baggage: 'session.id=s%201' });
  });

  it('uses the active context by default and creates a carrier when none is given', () => {
    const out = context.with(producerContext(), () => injectContext());
    expect(out).toEqual({ traceparent: SENT, baggage: 'session.id=s%201' });
    expect(injectContext()).toEqual({});
  });

  it('writes into Maps, replaces stale fields in other casings, and falls back for non-object carriers', () => {
    const map = injectContext(new Map<string, string>([['Traceparent', 'stale']]), producerContext());
    expect(map.get('traceparent')).toBe(SENT);
    expect(map.has('Traceparent')).toBe(false);
    for (const bad of ['x', 42, null, ['a']]) {
      expect(injectContext(bad as unknown as Record<string, string>, producerContext())).toEqual({ traceparent: SENT, baggage: 'session.id=s%201' });
    }
  });

  it('never throws: frozen carriers and contexts that are not contexts', () => {
    const frozen = Object.freeze({});
    expect(injectContext(frozen, producerContext())).toBe(frozen);
    expect(() => injectContext({}, 'nonsense' as unknown as Context)).not.toThrow();
  });

  it('never throws for carriers whose accessors or setters throw, and returns a usable carrier', () => {
    const boom = () => {
      throw new Error('boom');
    };
    const throwingGetters = Object.defineProperty({}, 'get', { get: boom, enumerable: true });
    const trap = new Proxy({}, { get: boom, has: boom, ownKeys: boom, set: boom, defineProperty: boom, getOwnPropertyDescriptor: boom });
    const { proxy: revoked, revoke } = Proxy.revocable({}, {});
    revoke();
    const throwingMap = { get: () => undefined, keys: () => [], set: boom, delete: boom };
    const throwingContext = Object.defineProperty({}, 'getValue', { get: boom });
    for (const carrier of [throwingGetters, trap, revoked, throwingMap]) {
      expect(() => injectContext(carrier as Record<string, unknown>, producerContext())).not.toThrow();
      expect(injectContext(carrier as Record<string, unknown>, producerContext())).toBeDefined();
    }
    expect(() => injectContext({}, throwingContext as unknown as Context)).not.toThrow();
  });
});

describe('extractContext', () => {
  it('reads the span context and baggage, in any field casing', () => {
    const ctx = extractContext({ TraceParent: VALID, Baggage: 'session.id=s1,tenant.id=acme' }, ROOT_CONTEXT);
    expect(trace.getSpanContext(ctx)).toMatchObject({ traceId: T, spanId: P, isRemote: true });
    expect(propagation.getBaggage(ctx)?.getEntry('tenant.id')?.value).toBe('acme');
  });

  it('round-trips what injectContext wrote, through JSON as a queue payload would', () => {
    const payload = JSON.parse(JSON.stringify({ body: 'job', headers: injectContext({}, producerContext()) }));
    const ctx = extractContext(payload.headers, ROOT_CONTEXT);
    expect(trace.getSpanContext(ctx)?.traceId).toBe(T);
    expect(propagation.getBaggage(ctx)?.getEntry('session.id')?.value).toBe('s 1');
  });

  it('treats two traceparent values as invalid', () => {
    expect(trace.getSpanContext(extractContext({ traceparent: [VALID, VALID] }, ROOT_CONTEXT))).toBeUndefined();
  });

  it.each([undefined, null, 'traceparent', 42, [VALID], { traceparent: 42 }, { traceparent: 'garbage' }])('gives the base context back for %p', (carrier) => {
    const base = context.active();
    expect(extractContext(carrier)).toBe(base);
    expect(extractContext(carrier, ROOT_CONTEXT)).toBe(ROOT_CONTEXT);
  });

  it('never throws, even for a hostile carrier or a base that is not a context', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('boom');
        },
      },
    );
    expect(extractContext(hostile, ROOT_CONTEXT)).toBe(ROOT_CONTEXT);
    expect(() => extractContext({ traceparent: VALID }, 42 as unknown as Context)).not.toThrow();
  });
});

describe('withExtractedContext', () => {
  it('runs fn with the extracted context active and passes it in', async () => {
    const seen = await withExtractedContext({ traceparent: VALID, baggage: 'session.id=s1' }, async (ctx) => {
      await new Promise((resolve) => setImmediate(resolve));
      return {
        active: trace.getSpanContext(context.active())?.traceId,
        passed: trace.getSpanContext(ctx)?.traceId,
        baggage: propagation.getActiveBaggage()?.getEntry('session.id')?.value,
      };
    });
    expect(seen).toEqual({ active: T, passed: T, baggage: 's1' });
    expect(trace.getSpanContext(context.active())).toBeUndefined();
  });

  it('runs fn in the active context when the carrier holds nothing, and lets errors of fn through', () => {
    expect(withExtractedContext('not a carrier', () => context.active())).toBe(ROOT_CONTEXT);
    expect(() =>
      withExtractedContext({}, () => {
        throw new Error('handler failed');
      }),
    ).toThrow('handler failed');
  });
});
