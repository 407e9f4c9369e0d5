import { carrierGetter, carrierSetter, isMapLikeCarrier, isRecordCarrier } from '../../src/propagation/carrier-accessors';

describe('carrierGetter', () => {
  it('matches field names in any casing', () => {
    expect(carrierGetter.get({ TraceParent: 'x' }, 'traceparent')).toBe('x');
    expect(carrierGetter.get({ TRACEPARENT: 'x' }, 'traceparent')).toBe('x');
    expect(carrierGetter.get(new Map([['Baggage', 'k=v']]), 'baggage')).toBe('k=v');
    expect(carrierGetter.get(new Headers({ Baggage: 'k=v' }), 'baggage')).toBe('k=v');
  });

  it('gives every value when a field is present under several casings or as an array', () => {
    expect(carrierGetter.get({ traceparent: 'a', Traceparent: 'b' }, 'traceparent')).toEqual(['a', 'b']);
    expect(carrierGetter.get({ tracestate: ['a=1', 'b=2'] }, 'tracestate')).toEqual(['a=1', 'b=2']);
    expect(carrierGetter.get({ tracestate: ['a=1'] }, 'tracestate')).toBe('a=1');
  });

  it('ignores values that are not strings', () => {
    expect(carrierGetter.get({ traceparent: 42 }, 'traceparent')).toBeUndefined();
    expect(carrierGetter.get({ traceparent: [1, null, 'x'] }, 'traceparent')).toBe('x');
    expect(carrierGetter.get({ traceparent: { toString: () => 'x' } }, 'traceparent')).toBeUndefined();
  });

  it.each([undefined, null, 'traceparent', 42, true, ['traceparent'], () => 1])('reads %p as an empty carrier', (carrier) => {
    expect(carrierGetter.get(carrier, 'traceparent')).toBeUndefined();
    expect(carrierGetter.keys(carrier)).toEqual([]);
  });

  it('survives carriers whose accessors throw', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('boom');
        },
      },
    );
    expect(carrierGetter.get(hostile, 'traceparent')).toBeUndefined();
    expect(carrierGetter.keys(hostile)).toEqual([]);
    const badMap = {
      get: () => {
        throw new Error('boom');
      },
      keys: () => ['traceparent'],
    };
    expect(carrierGetter.get(badMap, 'traceparent')).toBeUndefined();
  });

  it('lists the field names', () => {
    expect(carrierGetter.keys({ a: 1, B: 2 })).toEqual(['a', 'B']);
    expect(
      carrierGetter.keys(
        new Map<unknown, string>([
          ['a', '1'],
          [2, 'x'],
        ]),
      ),
    ).toEqual(['a']);
  });
});

describe('carrierSetter', () => {
  it('replaces the field under other casings', () => {
    const carrier: Record<string, unknown> = { Traceparent: 'old', TRACEPARENT: 'older', other: 'kept' };
    carrierSetter.set(carrier, 'traceparent', 'new');
    expect(carrier).toEqual({ traceparent: 'new', other: 'kept' });
    const map = new Map([['Traceparent', 'old']]);
    carrierSetter.set(map, 'traceparent', 'new');
    expect([...map]).toEqual([['traceparent', 'new']]);
    const headers = new Headers({ Traceparent: 'old' });
    carrierSetter.set(headers, 'traceparent', 'new');
    expect(headers.get('traceparent')).toBe('new');
  });

  it('leaves frozen, read-only and non-object carriers as they are', () => {
    const frozen = Object.freeze({ a: '1' });
    expect(() => carrierSetter.set(frozen, 'traceparent', 'x')).not.toThrow();
    expect(frozen).toEqual({ a: '1' });
    const readOnly = { get: () => undefined, keys: () => [] };
    expect(() => carrierSetter.set(readOnly, 'traceparent', 'x')).not.toThrow();
    for (const carrier of [undefined, null, 'x', 1, ['a']]) expect(() => carrierSetter.set(carrier, 'traceparent', 'x')).not.toThrow();
  });
});

describe('carrier kinds', () => {
  it('tells plain objects from Map-like objects and rejects everything else', () => {
    expect(isRecordCarrier({})).toBe(true);
    expect(isRecordCarrier(new Map())).toBe(false);
    expect(isMapLikeCarrier(new Map())).toBe(true);
    expect(isMapLikeCarrier(new Headers())).toBe(true);
    for (const v of [null, undefined, [], 'x', 1]) {
      expect(isRecordCarrier(v)).toBe(false);
      expect(isMapLikeCarrier(v)).toBe(false);
    }
  });
});
