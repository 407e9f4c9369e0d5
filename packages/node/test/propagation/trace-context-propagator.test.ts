import { createTraceState, defaultTextMapGetter, defaultTextMapSetter, ROOT_CONTEXT, trace, TraceFlags, type TextMapGetter } from '@opentelemetry/api';
import { suppressTracing, W3CTraceContextPropagator } from '@opentelemetry/core';
import { StrictTraceContextPropagator } from '../../src/propagation/trace-context-propagator';

const T = '4bf92f3577b34da6a3ce929d0e0e4736';
const P = '00f067aa0ba902b7';
const VALID = `00-${T}-${P}-01`;

const propagator = new StrictTraceContextPropagator();
const extract = (carrier: unknown, getter: TextMapGetter = defaultTextMapGetter) => trace.getSpanContext(propagator.extract(ROOT_CONTEXT, carrier, getter));

describe('StrictTraceContextPropagator.extract', () => {
  it('reads a remote span context with its tracestate', () => {
    expect(extract({ traceparent: VALID, tracestate: 'rojo=1,congo=2' })).toMatchObject({ traceId: T, spanId: P, traceFlags: 1, isRemote: true });
    expect(extract({ traceparent: VALID, tracestate: 'rojo=1,congo=2' })!.traceState!.serialize()).toBe('rojo=1,congo=2');
  });

  it('joins array tracestate values in order and ignores non-string elements', () => {
    const sc = extract({ traceparent: VALID, tracestate: ['a=1', 7, 'b=2'] });
    expect(sc!.traceState!.serialize()).toBe('a=1,b=2');
  });

  it('accepts a one-element traceparent array and rejects two values (several headers)', () => {
    expect(extract({ traceparent: [VALID] })?.traceId).toBe(T);
    expect(extract({ traceparent: [VALID, VALID] })).toBeUndefined();
  });

  it('ignores values that are not strings, and getters that throw', () => {
    for (const traceparent of [42, null, {}, [42], Buffer.from(VALID)]) expect(extract({ traceparent })).toBeUndefined();
    const throwing: TextMapGetter = {
      keys: () => [],
      get: () => {
        throw new Error('boom');
      },
    };
    expect(propagator.extract(ROOT_CONTEXT, {}, throwing)).toBe(ROOT_CONTEXT);
  });

  it('continues the trace without tracestate when tracestate is invalid', () => {
    const sc = extract({ traceparent: VALID, tracestate: 'a=1,B=2' });
    expect(sc?.traceId).toBe(T);
    expect(sc?.traceState).toBeUndefined();
  });

  it('returns the given context unchanged when there is nothing valid', () => {
    const base = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 });
    expect(propagator.extract(base, { traceparent: 'garbage' }, defaultTextMapGetter)).toBe(base);
    expect(propagator.extract(base, undefined, defaultTextMapGetter)).toBe(base);
  });
});

describe('StrictTraceContextPropagator.inject', () => {
  const remote = (traceFlags: number, state?: string) =>
    trace.setSpanContext(ROOT_CONTEXT, { traceId: T, spanId: P, traceFlags, isRemote: true, traceState: state === undefined ? undefined : createTraceState(state) });

  it('writes traceparent and tracestate', () => {
    const carrier: Record<string, string> = {};
    propagator.inject(remote(1, 'rojo=1'), carrier, defaultTextMapSetter);
    expect(carrier).toEqual({ traceparent: VALID, tracestate: 'rojo=1' });
  });

  it('writes reserved flags as zero and keeps sampled and random (a pass-through of flags ff)', () => {
    const carrier: Record<string, string> = {};
    propagator.inject(remote(0xff), carrier, defaultTextMapSetter);
    expect(carrier.traceparent).toBe(`00-${T}-${P}-03`);
    // @opentelemetry/core writes three flag digits here: an invalid header.
    const coreCarrier: Record<string, string> = {};
    new W3CTraceContextPropagator().inject(remote(0xff), coreCarrier, defaultTextMapSetter);
    expect(coreCarrier.traceparent).toBe(`00-${T}-${P}-0ff`);
  });

  it('sends no empty tracestate and drops invalid members of a hand-made one', () => {
    const a: Record<string, string> = {};
    propagator.inject(remote(1, ''), a, defaultTextMapSetter);
    expect(a.tracestate).toBeUndefined();
    const b: Record<string, string> = {};
    propagator.inject(
      trace.setSpanContext(ROOT_CONTEXT, { traceId: T, spanId: P, traceFlags: 1, traceState: createTraceState().set('Bad Key', 'x').set('ok', '1') }),
      b,
      defaultTextMapSetter,
    );
    expect(b.tracestate).toBe('ok=1');
  });

  it('writes nothing for an invalid span context, no span, or suppressed tracing', () => {
    const carrier: Record<string, string> = {};
    propagator.inject(ROOT_CONTEXT, carrier, defaultTextMapSetter);
    propagator.inject(trace.setSpanContext(ROOT_CONTEXT, { traceId: '0'.repeat(32), spanId: P, traceFlags: 1 }), carrier, defaultTextMapSetter);
    propagator.inject(suppressTracing(remote(1)), carrier, defaultTextMapSetter);
    expect(carrier).toEqual({});
  });

  it('does not throw when the setter throws', () => {
    expect(() =>
      propagator.inject(
        remote(1),
        {},
        {
          set: () => {
            throw new Error('frozen');
          },
        },
      ),
    ).not.toThrow();
  });

  it('names its fields', () => {
    expect(propagator.fields()).toEqual(['traceparent', 'tracestate']);
  });
});

describe('random-trace-id flag (Trace Context Level 2, #random-trace-id-flag)', () => {
  const CHILD = 'aaaaaaaaaaaaaaaa';
  /** What the SDK gives a child of the extracted parent: a local span context with only the sampled bit. */
  const childOf = (inbound: Record<string, string>, p: StrictTraceContextPropagator = propagator) => {
    const ctx = p.extract(ROOT_CONTEXT, inbound, defaultTextMapGetter);
    const parent = trace.getSpanContext(ctx)!;
    return trace.setSpanContext(ctx, { traceId: parent.traceId, spanId: CHILD, traceFlags: parent.traceFlags & TraceFlags.SAMPLED });
  };
  const send = (ctx: Parameters<StrictTraceContextPropagator['inject']>[0], p: StrictTraceContextPropagator = propagator) => {
    const carrier: Record<string, string> = {};
    p.inject(ctx, carrier, defaultTextMapSetter);
    return carrier.traceparent;
  };

  it('is set on every outbound traceparent of a trace received with it, though child spans drop it', () => {
    expect(send(childOf({ traceparent: `00-${T}-${P}-03` }))).toBe(`00-${T}-${CHILD}-03`);
    expect(send(childOf({ traceparent: `00-${T}-${P}-02` }))).toBe(`00-${T}-${CHILD}-02`);
    // Also when the trace ids of local traces are declared not random: the received flag wins.
    const notRandom = new StrictTraceContextPropagator({ localTraceIdsAreRandom: false });
    expect(send(childOf({ traceparent: `00-${T}-${P}-03` }, notRandom), notRandom)).toBe(`00-${T}-${CHILD}-03`);
  });

  it('stays unset on every outbound traceparent of a trace received without it', () => {
    expect(send(childOf({ traceparent: `00-${T}-${P}-01` }))).toBe(`00-${T}-${CHILD}-01`);
    expect(send(childOf({ traceparent: `00-${T}-${P}-00` }))).toBe(`00-${T}-${CHILD}-00`);
    // A remote span context without the bit, not extracted by this propagator: unset too.
    expect(send(trace.setSpanContext(ROOT_CONTEXT, { traceId: T, spanId: P, traceFlags: 1, isRemote: true }))).toBe(VALID);
  });

  it('is set for traces started here unless their ids are declared not random', () => {
    const local = trace.setSpanContext(ROOT_CONTEXT, { traceId: T, spanId: CHILD, traceFlags: 1 });
    expect(send(local)).toBe(`00-${T}-${CHILD}-03`);
    expect(send(local, new StrictTraceContextPropagator({ localTraceIdsAreRandom: false }))).toBe(`00-${T}-${CHILD}-01`);
  });

  it('belongs to the trace id it was received with: a new trace started under it uses the local rule', () => {
    const received = propagator.extract(ROOT_CONTEXT, { traceparent: `00-${T}-${P}-01` }, defaultTextMapGetter);
    const other = '1'.repeat(32);
    const newTrace = trace.setSpanContext(received, { traceId: other, spanId: CHILD, traceFlags: 1 });
    expect(send(newTrace)).toBe(`00-${other}-${CHILD}-03`);
  });
});

describe('@opentelemetry/core on hand-made carriers (why agent-otel has its own propagator)', () => {
  const core = new W3CTraceContextPropagator();
  it('takes the first of two traceparent values instead of starting a new trace', () => {
    const other = `00-${'1'.repeat(32)}-${P}-01`;
    expect(trace.getSpanContext(core.extract(ROOT_CONTEXT, { traceparent: [other, VALID] }, defaultTextMapGetter))?.traceId).toBe('1'.repeat(32));
    expect(extract({ traceparent: [other, VALID] })).toBeUndefined();
  });

  it('keeps every flag bit of a future version', () => {
    const sc = trace.getSpanContext(core.extract(ROOT_CONTEXT, { traceparent: `cc-${T}-${P}-ff-x` }, defaultTextMapGetter));
    expect(sc?.traceFlags).toBe(0xff);
    expect(extract({ traceparent: `cc-${T}-${P}-ff-x` })?.traceFlags).toBe(TraceFlags.SAMPLED | 0x02);
  });
});
