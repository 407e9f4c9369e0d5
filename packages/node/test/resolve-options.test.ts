import { InvalidOptionError, resolveOptions } from '../src/resolve-options';
import type { RegisterOptions } from '../src/options';

describe('resolveOptions', () => {
  it('lets code options win over the environment and merges nested objects', () => {
    const merged = resolveOptions(
      { serviceName: 'code', exporter: { timeoutMillis: 100 }, resourceAttributes: { a: 'code' } },
      { serviceName: 'env', exporter: { endpoint: 'http://env:4318/v1/traces', timeoutMillis: 9 }, resourceAttributes: { a: 'env', b: 'env' } },
    );
    expect(merged.serviceName).toBe('code');
    expect(merged.exporter).toEqual({ endpoint: 'http://env:4318/v1/traces', timeoutMillis: 100 });
    expect(merged.resourceAttributes).toEqual({ a: 'code', b: 'env' });
  });

  it('does not let an explicit undefined erase an environment value', () => {
    expect(resolveOptions({ serviceName: undefined }, { serviceName: 'env' }).serviceName).toBe('env');
  });

  const bad: [string, unknown, RegExp][] = [
    ['serviceName', { serviceName: '' }, /option serviceName must be a non-empty string/],
    ['serviceName', { serviceName: 42 }, /option serviceName must be a non-empty string, got 42/],
    ['exporter.endpoint', { exporter: { endpoint: 'not a url' } }, /option exporter.endpoint must be an absolute http\(s\) URL/],
    ['exporter.endpoint', { exporter: { endpoint: 'ftp://x/v1/traces' } }, /option exporter.endpoint must use http: or https:/],
    ['exporter.protocol', { exporter: { protocol: 'grpc' } }, /option exporter.protocol must be http\/protobuf or http\/json/],
    ['exporter.timeoutMillis', { exporter: { timeoutMillis: -1 } }, /option exporter.timeoutMillis must be a positive number/],
    ['exporter.headers.x', { exporter: { headers: { x: 1 } } }, /option exporter.headers.x must be a string/],
    ['exporter.type', { exporter: { type: 'kafka' } }, /option exporter.type must be one of/],
    ['disabled', { disabled: 'yes' }, /option disabled must be a boolean/],
    ['instrumentations.http', { instrumentations: { http: 1 } }, /option instrumentations.http must be a boolean/],
    ['additionalSpanProcessors', { additionalSpanProcessors: {} }, /option additionalSpanProcessors must be an array/],
    ['(options)', 'oops', /option \(options\) must be an object/],
  ];
  it.each(bad)('throws one InvalidOptionError naming %s', (option, input, message) => {
    let caught: unknown;
    try {
      resolveOptions(input as RegisterOptions, {});
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidOptionError);
    expect((caught as InvalidOptionError).option).toBe(option);
    expect((caught as Error).message).toMatch(message);
  });
});
