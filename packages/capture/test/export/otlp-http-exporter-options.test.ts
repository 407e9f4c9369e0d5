import { resolveOtlpHttpExporterOptions } from '../../src/export/otlp-http-exporter-options';
import { RETRY_DEFAULTS } from '../../src/export/retry-options';

describe('resolveOtlpHttpExporterOptions', () => {
  it('applies the documented defaults', () => {
    const resolved = resolveOtlpHttpExporterOptions();
    expect(resolved.url.href).toBe('http://localhost:4318/v1/traces');
    expect(resolved).toMatchObject({ timeoutMillis: 10000, compression: 'none', maxConcurrentRequests: 4, retry: RETRY_DEFAULTS });
    expect(resolved.headers).toEqual({ 'user-agent': 'agent-otel', 'content-type': 'application/x-protobuf' });
  });

  it('lowercases user headers and keeps the exporter in charge of the body headers', () => {
    const resolved = resolveOtlpHttpExporterOptions({
      compression: 'gzip',
      headers: { Authorization: 'Bearer x', 'Content-Type': 'text/plain', 'Content-Length': '1', 'User-Agent': 'mine' },
    });
    expect(resolved.headers).toEqual({
      authorization: 'Bearer x',
      'user-agent': 'mine',
      'content-type': 'application/x-protobuf',
      'content-encoding': 'gzip',
    });
  });

  it('drops a user content-encoding when the body is not compressed', () => {
    expect(resolveOtlpHttpExporterOptions({ headers: { 'content-encoding': 'gzip' } }).headers['content-encoding']).toBeUndefined();
  });

  it.each([
    [{ url: 'not a url' }, /option url is not a valid URL/],
    [{ url: 'ftp://host/v1/traces' }, /option url must use http: or https:/],
    [{ timeoutMillis: 0 }, /option timeoutMillis/],
    [{ compression: 'br' as 'gzip' }, /option compression must be 'gzip' or 'none'/],
    [{ maxConcurrentRequests: 0 }, /option maxConcurrentRequests must be an integer >= 1/],
    [{ headers: { a: 1 as unknown as string } }, /option headers\.a must be a string/],
    [{ retry: { maxAttempts: 0 } }, /option retry\.maxAttempts/],
  ])('rejects %p', (options, message) => {
    expect(() => resolveOtlpHttpExporterOptions(options)).toThrow(message);
  });
});
