import { baggageEntryMetadataFromString, defaultTextMapGetter, defaultTextMapSetter, propagation, ROOT_CONTEXT, type TextMapGetter } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { MAX_BAGGAGE_BYTES } from '../../src/propagation/baggage-codec';
import { StrictBaggagePropagator } from '../../src/propagation/baggage-propagator';

const propagator = new StrictBaggagePropagator();
const extracted = (carrier: unknown, getter: TextMapGetter = defaultTextMapGetter) =>
  Object.fromEntries((propagation.getBaggage(propagator.extract(ROOT_CONTEXT, carrier, getter))?.getAllEntries() ?? []).map(([k, e]) => [k, e.value]));
const injected = (entries: Parameters<typeof propagation.createBaggage>[0]) => {
  const carrier: Record<string, string> = {};
  propagator.inject(propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage(entries)), carrier, defaultTextMapSetter);
  return carrier.baggage;
};

describe('StrictBaggagePropagator.extract', () => {
  it('reads every value of an array as a header line', () => {
    expect(extracted({ baggage: ['a=1', 5, 'b=2,c=3'] })).toEqual({ a: '1', b: '2', c: '3' });
  });

  it('keeps a key named like an Object prototype property as an entry', () => {
    expect(extracted({ baggage: '__proto__=x,constructor=y' })).toEqual({ ['__proto__']: 'x', constructor: 'y' });
  });

  it('returns the context unchanged without valid members, for non-string values and throwing getters', () => {
    for (const baggage of ['', ' , ', 'novalue', 42, null, {}]) {
      expect(propagator.extract(ROOT_CONTEXT, { baggage }, defaultTextMapGetter)).toBe(ROOT_CONTEXT);
    }
    const throwing: TextMapGetter = {
      keys: () => [],
      get: () => {
        throw new Error('boom');
      },
    };
    expect(propagator.extract(ROOT_CONTEXT, {}, throwing)).toBe(ROOT_CONTEXT);
  });

  it('applies the 8192-byte limit to the whole header, dropping whole members', () => {
    const fits = `a=${'x'.repeat(MAX_BAGGAGE_BYTES - 2)}`;
    expect(extracted({ baggage: fits })).toEqual({ a: 'x'.repeat(MAX_BAGGAGE_BYTES - 2) });
    expect(extracted({ baggage: `${fits}x` })).toEqual({});
    expect(extracted({ baggage: `${fits},b=1` })).toEqual({ a: 'x'.repeat(MAX_BAGGAGE_BYTES - 2) });
  });
});

describe('StrictBaggagePropagator.inject', () => {
  it('encodes values and writes valid properties', () => {
    expect(injected({ 'session.id': { value: 'DF 28' }, user: { value: 'é', metadata: baggageEntryMetadataFromString('ttl=60; bad key') } })).toBe(
      'session.id=DF%2028,user=%C3%A9;ttl=60',
    );
  });

  it('skips keys that are not tokens and sends nothing when no member is left', () => {
    expect(injected({ 'user id': { value: 'x' }, ok: { value: '1' } })).toBe('ok=1');
    expect(injected({ 'user id': { value: 'x' } })).toBeUndefined();
    expect(injected({})).toBeUndefined();
  });

  it('keeps the header within 180 members and 8192 bytes, dropping whole members', () => {
    const many = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, { value: '1' }]));
    expect(injected(many)!.split(',')).toHaveLength(180);
    const big = injected({ a: { value: 'x'.repeat(5000) }, b: { value: 'y'.repeat(5000) }, c: { value: '1' } })!;
    expect(big).toBe(`a=${'x'.repeat(5000)},c=1`);
    expect(big.length).toBeLessThanOrEqual(MAX_BAGGAGE_BYTES);
  });

  it('writes nothing without baggage or when tracing is suppressed, and survives a throwing setter', () => {
    const carrier: Record<string, string> = {};
    propagator.inject(ROOT_CONTEXT, carrier, defaultTextMapSetter);
    const ctx = propagation.setBaggage(ROOT_CONTEXT, propagation.createBaggage({ a: { value: '1' } }));
    propagator.inject(suppressTracing(ctx), carrier, defaultTextMapSetter);
    expect(carrier).toEqual({});
    expect(() =>
      propagator.inject(
        ctx,
        {},
        {
          set: () => {
            throw new Error('frozen');
          },
        },
      ),
    ).not.toThrow();
  });

  it('names its field', () => {
    expect(propagator.fields()).toEqual(['baggage']);
  });
});
