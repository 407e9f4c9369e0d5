import { formatBaggageMember, isBaggageKey, parseBaggageMember, percentDecode, percentEncode } from '../../src/propagation/baggage-codec';

describe('percent-encoding of baggage values', () => {
  it.each([
    ['plain', 'sess-42', 'sess-42'],
    ['space', 'DF 28', 'DF%2028'],
    ['percent', '100%', '100%25'],
    ['UTF-8', 'Amélie', 'Am%C3%A9lie'],
    ['astral', '🙂', '%F0%9F%99%82'],
    ['separators', 'a,b;c"d\\e', 'a%2Cb%3Bc%22d%5Ce'],
    ['control characters', 'a\tb\n', 'a%09b%0A'],
    ['allowed punctuation', "=/:?&!#$'()*+[]", "=/:?&!#$'()*+[]"],
    ['empty', '', ''],
  ])('round-trips %s', (_name, value, encoded) => {
    expect(percentEncode(value)).toBe(encoded);
    expect(percentDecode(encoded)).toBe(value);
  });

  it('encodes a lone surrogate as U+FFFD', () => {
    expect(percentEncode('a\uD800b')).toBe('a%EF%BF%BDb');
  });

  it('replaces invalid UTF-8 with U+FFFD and keeps the rest', () => {
    expect(percentDecode('%FF')).toBe('\uFFFD');
    expect(percentDecode('ok%C3')).toBe('ok\uFFFD');
    expect(percentDecode('%C3%28x')).toBe('\uFFFD(x');
  });

  it('keeps a % that does not start an escape as it is', () => {
    expect(percentDecode('100%')).toBe('100%');
    expect(percentDecode('%zz%4')).toBe('%zz%4');
    expect(percentDecode('%41%4a%4A')).toBe('AJJ');
  });
});

describe('baggage keys', () => {
  it.each(['session.id', 'a', "!#$%&'*+-.^_`|~09AZaz"])('accepts token %j', (key) => expect(isBaggageKey(key)).toBe(true));
  it.each(['', 'a b', 'a,b', 'a;b', 'a=b', 'a"b', 'é', 'a(b)', 'a/b'])('rejects %j', (key) => expect(isBaggageKey(key)).toBe(false));
});

describe('parseBaggageMember', () => {
  it('reads key, decoded value and properties, without white space', () => {
    expect(parseBaggageMember('k = Am%C3%A9lie ; p1 = x ;flag ')).toEqual({ key: 'k', value: 'Amélie', properties: 'p1=x;flag' });
    expect(parseBaggageMember('k=')).toEqual({ key: 'k', value: '' });
    expect(parseBaggageMember('k=a=b')).toEqual({ key: 'k', value: 'a=b' });
  });

  it('drops invalid properties and keeps the member', () => {
    expect(parseBaggageMember('k=v;;bad key=1;p=a b;ok')).toEqual({ key: 'k', value: 'v', properties: 'ok' });
  });

  it.each(['novalue', '=v', ' =v', 'k y=v', 'k=a b', 'k="v"', 'k=a\\b', 'é=v', ''])('rejects %j', (member) => {
    expect(parseBaggageMember(member)).toBeUndefined();
  });
});

describe('formatBaggageMember', () => {
  it('writes key, encoded value and valid properties', () => {
    expect(formatBaggageMember('user', 'Amélie', ' ttl = 60 ;private;bad key')).toBe('user=Am%C3%A9lie;ttl=60;private');
    expect(formatBaggageMember('k', '')).toBe('k=');
  });

  it('refuses keys that are not tokens and values that are not strings', () => {
    expect(formatBaggageMember('user id', 'v')).toBeUndefined();
    expect(formatBaggageMember('k', 42 as unknown as string)).toBeUndefined();
  });
});
