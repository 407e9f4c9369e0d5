import { isValidTracestateKey, isValidTracestateValue, MAX_TRACESTATE_LENGTH, parseTracestate, tracestateToSend, truncateTracestate } from '../../src/propagation/tracestate';

const member = (key: string, length: number) => `${key}=${'v'.repeat(length - key.length - 1)}`;

describe('tracestate keys and values (Level 2, #key and #value)', () => {
  it.each([
    'a',
    'z'.repeat(256),
    'a0_-*/',
    `${'t'.repeat(241)}@${'s'.repeat(14)}`,
    '0tenant@sys',
    // Allowed by Level 2's grammar, rejected by Level 1's:
    '0abc',
    `${'t'.repeat(242)}@s`,
    `t@${'s'.repeat(15)}`,
    'a@',
    'a@@b',
    'a@b@c',
    'a@0b',
    `${'t'.repeat(254)}@s`,
  ])('accepts key %s', (key) => {
    expect(isValidTracestateKey(key)).toBe(true);
  });

  it.each(['', 'A', 'z'.repeat(257), `${'t'.repeat(255)}@s`, '@a', '_a', 'a.b', 'a b', 'aB', 'é'])('rejects key %j', (key) => {
    expect(isValidTracestateKey(key)).toBe(false);
  });

  it.each(['1', ' leading', 'x'.repeat(256), '!~'])('accepts value %j', (value) => {
    expect(isValidTracestateValue(value)).toBe(true);
  });

  it.each(['', 'trailing ', 'a,b', 'a=b', 'x'.repeat(257), 'tab\t', 'é'])('rejects value %j', (value) => {
    expect(isValidTracestateValue(value)).toBe(false);
  });
});

describe('parseTracestate', () => {
  it('keeps members in order, without white space, skipping empty members', () => {
    expect(parseTracestate(' foo=1 ,\t, bar= 2\t,')).toEqual(['foo=1', 'bar= 2']);
  });

  it('discards the whole header on an invalid member or more than 32 members', () => {
    expect(parseTracestate('foo=1,BAR=2')).toBeUndefined();
    expect(parseTracestate('foo=1,novalue')).toBeUndefined();
    expect(parseTracestate('=1')).toBeUndefined();
    expect(parseTracestate('@foo=1,bar=2')).toBeUndefined();
    expect(parseTracestate('foo=,bar=3')).toBeUndefined();
    const many = Array.from({ length: 33 }, (_, i) => `k${i}=1`);
    expect(parseTracestate(many.slice(0, 32).join(','))).toHaveLength(32);
    expect(parseTracestate(many.join(','))).toBeUndefined();
  });

  it('keeps the first entry of a repeated key and drops the later ones', () => {
    expect(parseTracestate('foo=1,foo=1')).toEqual(['foo=1']);
    expect(parseTracestate('foo=1,bar=2,foo=3')).toEqual(['foo=1', 'bar=2']);
    // Repeats do not count towards the 32 members.
    const many = Array.from({ length: 32 }, (_, i) => `k${i}=1`);
    expect(parseTracestate([...many, 'k0=2'].join(','))).toHaveLength(32);
  });
});

describe('truncateTracestate', () => {
  it('keeps lists within the limits as they are', () => {
    const list = [member('a', 100), member('b', 100)];
    expect(truncateTracestate(list)).toEqual(list);
    expect(truncateTracestate([])).toEqual([]);
  });

  it('removes whole members from the end until the list fits in 512 characters', () => {
    const list = ['a', 'b', 'c', 'd', 'e'].map((k) => member(k, 120));
    const kept = truncateTracestate(list);
    expect(kept).toEqual(list.slice(0, 4));
    expect(kept.join(',').length).toBeLessThanOrEqual(MAX_TRACESTATE_LENGTH);
  });

  it('removes members over 128 characters first, right-most first', () => {
    const list = [member('big1', 200), member('a', 100), member('big2', 200), member('b', 100)];
    expect(truncateTracestate(list)).toEqual([member('big1', 200), member('a', 100), member('b', 100)]);
    expect(truncateTracestate(list, 250)).toEqual([member('a', 100), member('b', 100)]);
  });

  it('removes members beyond 32 from the right', () => {
    const list = Array.from({ length: 40 }, (_, i) => `k${i}=1`);
    expect(truncateTracestate(list)).toEqual(list.slice(0, 32));
  });

  it('can remove everything when nothing fits', () => {
    expect(truncateTracestate([member('a', 300)], 100)).toEqual([]);
  });
});

describe('tracestateToSend', () => {
  it('drops invalid and repeated members, then applies the limits', () => {
    expect(tracestateToSend('foo=1, BAD=2,foo=3,bar=4,,')).toBe('foo=1,bar=4');
    expect(tracestateToSend('')).toBe('');
    const long = ['a', 'b', 'c', 'd', 'e'].map((k) => member(k, 120));
    expect(tracestateToSend(long.join(','))).toBe(long.slice(0, 4).join(','));
  });
});
