import { KeyCache } from '../../src/otlp/attribute-encoder';

describe('KeyCache', () => {
  it('returns the encoded KeyValue.key field: tag, length, UTF-8 with lone surrogates replaced', () => {
    const keys = new KeyCache(8);
    expect([...keys.get('ab')]).toEqual([0x0a, 2, 0x61, 0x62]);
    expect([...keys.get('\uD800')]).toEqual([0x0a, 3, 0xef, 0xbf, 0xbd]);
    const long = 'k'.repeat(200);
    expect([...keys.get(long).subarray(0, 3)]).toEqual([0x0a, 0xc8, 0x01]);
  });

  it('hands out the same bytes for a cached key', () => {
    const keys = new KeyCache(8);
    expect(keys.get('service.name')).toBe(keys.get('service.name'));
  });

  it('never holds more than maxEntries keys', () => {
    const keys = new KeyCache(3);
    for (let i = 0; i < 10; i++) {
      expect([...keys.get(`key${i}`)]).toEqual([0x0a, 4, ...Buffer.from(`key${i}`)]);
      expect(keys.size).toBeLessThanOrEqual(3);
    }
    expect(keys.size).toBeGreaterThan(0);
  });
});
