import { CONTENT_JSON, safeContentAttribute, safeJsonStringify, serializeJson } from '../../src/limits/safe-json';

describe('safeJsonStringify', () => {
  it('writes what JSON.stringify writes for plain values', () => {
    const value = { a: [1, 'two', null, true, undefined], b: { c: -0.5 }, d: undefined, e: new Date(0), f: Number.NaN };
    expect(safeJsonStringify(value)).toBe(JSON.stringify(value));
  });

  it('marks cycles but not repeated references', () => {
    const shared = { x: 1 };
    const root: Record<string, unknown> = { left: shared, right: shared };
    root.self = root;
    expect(JSON.parse(safeJsonStringify(root))).toEqual({ left: { x: 1 }, right: { x: 1 }, self: '[Circular]' });
  });

  it('records BigInts, functions, symbols, Maps and Sets', () => {
    const value = { big: 10n ** 30n, fn: () => 1, named: function lookup() {}, sym: Symbol('k'), map: new Map([['a', 1]]), set: new Set([1, 2]) };
    expect(JSON.parse(safeJsonStringify(value))).toEqual({
      big: '1000000000000000000000000000000',
      fn: '[Function fn]',
      named: '[Function lookup]',
      sym: '[Symbol(k)]',
      map: [['a', 1]],
      set: [1, 2],
    });
  });

  it('records getters, toJSON and proxies that throw', () => {
    const value = {
      get broken(): never {
        throw new Error('getter');
      },
      custom: {
        toJSON: () => {
          throw new Error('toJSON');
        },
      },
      proxy: new Proxy(
        {},
        {
          ownKeys: () => {
            throw new Error('keys');
          },
        },
      ),
      list: new Proxy([1, 2], {
        get: (target, key) => {
          if (key === '1') throw new Error('item');
          return Reflect.get(target, key);
        },
      }),
    };
    expect(JSON.parse(safeJsonStringify(value))).toEqual({
      broken: '[Unserializable: getter]',
      custom: '[Unserializable: toJSON]',
      proxy: '[Unserializable: keys]',
      list: [1, '[Unserializable: item]'],
    });
  });

  it('stops at a depth of 64', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(safeJsonStringify(deep)).toContain('"[MaxDepth]"');
  });

  it('stops serializing once the budget is spent', () => {
    let reads = 0;
    const huge = Array.from({ length: 100_000 }, () => ({
      get text(): string {
        reads++;
        return 'x'.repeat(100);
      },
    }));
    const json = safeJsonStringify(huge, 10_000);
    expect(json.length).toBeLessThanOrEqual(10_000);
    expect(reads).toBeLessThan(200);
    // Still JSON: the serialized part, closed, with a marker element.
    const parsed = JSON.parse(json) as unknown[];
    expect(parsed[0]).toEqual({ text: 'x'.repeat(100) });
    expect(parsed[parsed.length - 1]).toMatch(/^…\[truncated \d+ chars\]$/);
  });

  it('keeps a value cut in the middle of a long string valid JSON too', () => {
    const json = safeJsonStringify({ role: 'user', content: 'y'.repeat(50_000) }, 1000);
    expect(json.length).toBeLessThanOrEqual(1000);
    expect(JSON.parse(json)).toEqual({ role: 'user', content: expect.stringMatching(/^y+…\[truncated \d+ chars\]$/) });
  });

  it('gives content attributes: strings as they are, undefined for undefined', () => {
    expect(safeContentAttribute('[]')).toBe('[]');
    expect(safeContentAttribute(undefined)).toBeUndefined();
    expect(safeContentAttribute([1n])).toBe('["1"]');
  });
});

describe('serializeJson', () => {
  const plain = { maxDepth: 3, depthMarker: '[Deep]', extended: false };

  it('follows JSON.stringify in a non-extended style: functions and symbols left out, Maps as objects', () => {
    const value = { f: () => 1, s: Symbol('k'), list: [() => 1, Symbol('k')], map: new Map([['a', 1]]) };
    expect(serializeJson(value, 1000, plain)).toEqual({ text: JSON.stringify(value), cut: false, written: true });
    expect(serializeJson(() => 1, 1000, plain)).toEqual({ text: 'null', cut: false, written: false });
    expect(serializeJson(undefined, 1000, CONTENT_JSON).written).toBe(false);
  });

  it('throws what a getter throws in a non-extended style, and marks it in an extended one', () => {
    const getter = Object.defineProperty({}, 'x', {
      enumerable: true,
      get: () => {
        throw new Error('no');
      },
    });
    expect(() => serializeJson(getter, 1000, plain)).toThrow('no');
    expect(serializeJson(getter, 1000, CONTENT_JSON).text).toBe('{"x":"[Unserializable: no]"}');
  });

  it('writes the depth marker of the style at its depth', () => {
    expect(serializeJson([[[['bottom']]]], 1000, plain).text).toBe('[[["[Deep]"]]]');
  });

  it('reports a cut, and escapes no more of a long string than the budget', () => {
    const escaped = '"'.repeat(1_000_000);
    const result = serializeJson({ text: escaped }, 100, CONTENT_JSON);
    expect(result.cut).toBe(true);
    // 101 units sliced and escaped (2 each), not the million.
    expect(result.text.length).toBeLessThan(400);
  });
});
