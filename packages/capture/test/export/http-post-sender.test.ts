import * as fs from 'node:fs';
import { ExportResultCode } from '@opentelemetry/core';
import { HttpPostSender } from '../../src/export/http-post-sender';
import { resolveHttpPostSenderOptions, type HttpPostSenderOptions } from '../../src/export/http-post-sender-options';
import { OtlpExportError } from '../../src/export/otlp-export-error';
import { RecordingServer, TLS_FILES } from '../helpers/recording-server';

const FAST_RETRY = { maxAttempts: 3, initialBackoffMs: 1, maxBackoffMs: 2 };

describe('HttpPostSender', () => {
  const servers: RecordingServer[] = [];
  const senders: HttpPostSender[] = [];
  const server = async (tls?: { requireClientCertificate?: boolean }) => {
    const s = await RecordingServer.start(tls);
    servers.push(s);
    return s;
  };
  const sender = (options: HttpPostSenderOptions) => {
    const s = new HttpPostSender(resolveHttpPostSenderOptions({ retry: FAST_RETRY, ...options }, 'HttpPostSender'));
    senders.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(senders.splice(0).map((s) => s.shutdown()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('POSTs the body with its content type, the configured headers and the headers of the request', async () => {
    const backend = await server();
    const s = sender({ url: `${backend.origin}/api/v2/spans`, contentType: 'application/json', headers: { Authorization: 'Bearer t' } });
    const result = await s.post(Buffer.from('[1]'), { 'x-tenant': 'acme' });
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const [req] = backend.requests;
    expect(req).toMatchObject({ method: 'POST', path: '/api/v2/spans' });
    expect(req.headers).toMatchObject({ 'content-type': 'application/json', authorization: 'Bearer t', 'x-tenant': 'acme', 'user-agent': 'agent-otel' });
    expect(req.headers).not.toHaveProperty('content-encoding');
    expect(req.body.toString()).toBe('[1]');
    // Headers of one request do not leak into the next.
    await s.post(Buffer.from('[2]'));
    expect(backend.requests[1].headers).not.toHaveProperty('x-tenant');
    expect(s.stats()).toMatchObject({ sent: 2, failed: 0 });
  });

  it('compresses with gzip when asked, and the body decodes back to what was sent', async () => {
    const backend = await server();
    const s = sender({ url: backend.origin, contentType: 'application/x-protobuf', compression: 'gzip' });
    const payload = Buffer.from('x'.repeat(5000));
    expect((await s.post(payload)).code).toBe(ExportResultCode.SUCCESS);
    const [req] = backend.requests;
    expect(req.headers['content-encoding']).toBe('gzip');
    expect(req.rawBody.length).toBeLessThan(200);
    expect(req.body.equals(payload)).toBe(true);
  });

  it('retries 503 and succeeds on the next attempt', async () => {
    const backend = (await server()).script(503);
    const s = sender({ url: backend.origin, contentType: 'application/json' });
    expect((await s.post(Buffer.from('[]'))).code).toBe(ExportResultCode.SUCCESS);
    expect(backend.requests).toHaveLength(2);
    expect(s.stats()).toMatchObject({ sent: 1, retried: 1 });
  });

  it('fails at once on 400 with an error naming the status and the URL', async () => {
    const backend = (await server()).script(400);
    const s = sender({ url: backend.origin, contentType: 'application/json' });
    const result = await s.post(Buffer.from('[]'));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error).toBeInstanceOf(OtlpExportError);
    expect(result.error?.message).toMatch(/HTTP 400.*not retryable/);
    expect(result.error?.message).toContain(backend.origin);
    expect(backend.requests).toHaveLength(1);
    expect(s.stats()).toMatchObject({ sent: 0, failed: 1 });
  });

  it('verifies an https server against the CA it is given', async () => {
    const backend = await server({});
    const s = sender({ url: backend.origin, contentType: 'application/json', tls: { ca: fs.readFileSync(TLS_FILES.ca) } });
    expect((await s.post(Buffer.from('[]'))).code).toBe(ExportResultCode.SUCCESS);
  });

  it('refuses an https server whose certificate it cannot verify, without retrying', async () => {
    const backend = await server({});
    const s = sender({ url: backend.origin, contentType: 'application/json' });
    const result = await s.post(Buffer.from('[]'));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/certificate/i);
    expect(s.stats().retried).toBe(0);
    expect(backend.requests).toHaveLength(0);
  });

  it('presents a client certificate for mutual TLS', async () => {
    const backend = await server({ requireClientCertificate: true });
    const ca = fs.readFileSync(TLS_FILES.ca);
    const withCert = sender({
      url: backend.origin,
      contentType: 'application/json',
      tls: { ca, cert: fs.readFileSync(TLS_FILES.clientCert), key: fs.readFileSync(TLS_FILES.clientKey) },
    });
    expect((await withCert.post(Buffer.from('[]'))).code).toBe(ExportResultCode.SUCCESS);
    expect(backend.requests[0].clientCertificate).toBe('agent-otel test client');
    const without = sender({ url: backend.origin, contentType: 'application/json', tls: { ca }, retry: { maxAttempts: 1 } });
    expect((await without.post(Buffer.from('[]'))).code).toBe(ExportResultCode.FAILED);
    expect(backend.requests).toHaveLength(1);
  });

  it('refuses requests after shutdown, and shutdown is idempotent', async () => {
    const backend = await server();
    const s = sender({ url: backend.origin, contentType: 'application/json' });
    await Promise.all([s.shutdown(), s.shutdown()]);
    const result = await s.post(Buffer.from('[]'));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/after shutdown/);
    expect(backend.requests).toHaveLength(0);
  });

  it('forceFlush waits for requests in flight', async () => {
    const backend = await server();
    const s = sender({ url: backend.origin, contentType: 'application/json' });
    void s.post(Buffer.from('[]'));
    await s.forceFlush();
    expect(backend.requests).toHaveLength(1);
  });

  const bad: [string, object, RegExp][] = [
    ['url', { url: 'not a url' }, /option url is not a valid URL/],
    ['url protocol', { url: 'ftp://x' }, /option url must use http: or https:/],
    ['timeoutMillis', { timeoutMillis: 0 }, /option timeoutMillis/],
    ['compression', { compression: 'br' }, /option compression/],
    ['maxConcurrentRequests', { maxConcurrentRequests: 0 }, /option maxConcurrentRequests/],
    ['headers', { headers: { a: 1 } }, /option headers.a must be a string/],
    ['contentType', { contentType: '' }, /option contentType is required/],
    ['tls', { tls: { cert: 'x' } }, /tls.cert and tls.key go together/],
    ['retry', { retry: { maxAttempts: 0 } }, /Zipkin: option retry.maxAttempts/],
  ];
  it.each(bad)('rejects a bad %s naming the option', (_name, options, message) => {
    expect(() => resolveHttpPostSenderOptions({ url: 'http://127.0.0.1:9', contentType: 'application/json', ...options } as HttpPostSenderOptions, 'Zipkin')).toThrow(message);
  });
});
