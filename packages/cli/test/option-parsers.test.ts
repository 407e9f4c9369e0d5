import { UsageError } from '../src/cli-error';
import { parseHeaders, parsePositiveInteger, parseTraceId, resolveTracesEndpoint } from '../src/option-parsers';

describe('resolveTracesEndpoint', () => {
  it('appends /v1/traces to a base URL', () => {
    expect(resolveTracesEndpoint('http://localhost:4318')).toBe('http://localhost:4318/v1/traces');
    expect(resolveTracesEndpoint('https://collector.example.com/')).toBe('https://collector.example.com/v1/traces');
  });

  it('keeps a URL that has a path, and its query', () => {
    expect(resolveTracesEndpoint('http://localhost:4318/v1/traces')).toBe('http://localhost:4318/v1/traces');
    expect(resolveTracesEndpoint('https://host/otlp/v1/traces?tenant=a')).toBe('https://host/otlp/v1/traces?tenant=a');
  });

  it('rejects what is not an http(s) URL', () => {
    expect(() => resolveTracesEndpoint('localhost:4318/v1/traces')).toThrow(/--endpoint must be an http: or https: URL/);
    expect(() => resolveTracesEndpoint('not a url')).toThrow(UsageError);
    expect(() => resolveTracesEndpoint('ftp://host')).toThrow(/http: or https:/);
  });
});

describe('parseHeaders', () => {
  it('splits at the first =, lowercases names, and lets later values win', () => {
    expect(parseHeaders(['Authorization=Bearer a=b', 'x-tenant=acme', 'X-Tenant=other'])).toEqual({
      authorization: 'Bearer a=b',
      'x-tenant': 'other',
    });
    expect(parseHeaders([])).toEqual({});
  });

  it('rejects a pair without a valid name and does not echo it', () => {
    for (const bad of ['Authorization: Bearer secret-token', '=value', 'bad name=1']) {
      expect(() => parseHeaders([bad])).toThrow(UsageError);
      try {
        parseHeaders([bad]);
      } catch (error) {
        expect((error as Error).message).not.toContain('secret-token');
      }
    }
  });
});

describe('parsePositiveInteger', () => {
  it('reads whole numbers from 1', () => {
    expect(parsePositiveInteger('--batch-bytes', '1')).toBe(1);
    expect(parsePositiveInteger('--batch-bytes', ' 65536 ')).toBe(65536);
  });

  it.each(['0', '-1', '1.5', '1e3', 'abc', '', '99999999999999999999'])('rejects %j naming the option', (text) => {
    expect(() => parsePositiveInteger('--batch-bytes', text)).toThrow(/--batch-bytes must be a whole number/);
  });
});

describe('parseTraceId', () => {
  it('accepts 32 hex characters and lowers them', () => {
    expect(parseTraceId('4BF92F3577B34DA6A3CE929D0E0E4736')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it.each(['4bf92f', '4bf92f3577b34da6a3ce929d0e0e47360', 'zbf92f3577b34da6a3ce929d0e0e4736', '0'.repeat(32)])('rejects %j', (text) => {
    expect(() => parseTraceId(text)).toThrow(/TRACE_ID must be 32 hex characters/);
  });
});
