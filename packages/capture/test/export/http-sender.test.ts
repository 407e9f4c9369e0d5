import { HttpSender } from '../../src/export/http-sender';
import { OtlpSinkServer, refusedUrl } from '../helpers/otlp-sink-server';

describe('HttpSender', () => {
  let sink: OtlpSinkServer;
  let sender: HttpSender;
  beforeEach(async () => {
    sink = await OtlpSinkServer.start();
    sender = new HttpSender(new URL(sink.url), { 'content-type': 'application/x-protobuf', authorization: 'Bearer t' }, 2);
  });
  afterEach(async () => {
    jest.useRealTimers();
    sender.destroy();
    await sink.close();
  });

  it('POSTs the body with the given headers and a content-length', async () => {
    const body = new Uint8Array([1, 2, 3, 250]);
    const result = await sender.send(body, 5000);
    expect(result).toEqual({ kind: 'response', status: 200, statusMessage: 'OK', retryAfter: undefined, body: '', bytes: Buffer.alloc(0) });
    expect(sink.requests).toHaveLength(1);
    const [request] = sink.requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/traces');
    expect(request.headers).toMatchObject({ 'content-type': 'application/x-protobuf', authorization: 'Bearer t', 'content-length': '4' });
    expect([...request.body]).toEqual([1, 2, 3, 250]);
  });

  it('adds the headers of one request to the configured ones, for that request only', async () => {
    await sender.send(new Uint8Array([1]), 5000, { 'x-tenant': 'acme', authorization: 'Bearer other' });
    await sender.send(new Uint8Array([2]), 5000);
    expect(sink.requests[0].headers).toMatchObject({ 'x-tenant': 'acme', authorization: 'Bearer other', 'content-length': '1' });
    expect(sink.requests[1].headers).not.toHaveProperty('x-tenant');
    expect(sink.requests[1].headers.authorization).toBe('Bearer t');
  });

  it('reuses a kept-alive connection for consecutive requests', async () => {
    for (let i = 0; i < 3; i++) await sender.send(new Uint8Array([i]), 5000);
    expect(new Set(sink.requests.map((r) => r.remotePort)).size).toBe(1);
  });

  it('reports the status, Retry-After and the start of the body of an error response', async () => {
    sink.script({ status: 503, retryAfter: '7', body: 'x'.repeat(10000) });
    const result = await sender.send(new Uint8Array(1), 5000);
    expect(result).toMatchObject({ kind: 'response', status: 503, statusMessage: 'Service Unavailable', retryAfter: '7' });
    expect(result.kind === 'response' && result.body.length).toBe(4096);
  });

  it('reports a connection closed without an answer as a network error', async () => {
    sink.script({ destroy: true });
    const result = await sender.send(new Uint8Array(1), 5000);
    expect(result.kind).toBe('error');
    expect(result.kind === 'error' && result.error.message).toMatch(/socket hang up/);
  });

  it('reports a response cut off mid-body as a connection reset', async () => {
    sink.script({ truncate: true });
    const result = await sender.send(new Uint8Array(1), 5000);
    expect(result.kind === 'error' && result.error.code).toBe('ECONNRESET');
  });

  it('reports a refused connection with its code', async () => {
    const refused = new HttpSender(new URL(await refusedUrl()), {}, 1);
    const result = await refused.send(new Uint8Array(1), 5000);
    expect(result.kind === 'error' && result.error.code).toBe('ECONNREFUSED');
    refused.destroy();
  });

  it('cuts an attempt off after its timeout with an ETIMEDOUT error', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    sink.script({ hang: true });
    const pending = sender.send(new Uint8Array(1), 2000);
    await sink.waitForRequests(1);
    jest.advanceTimersByTime(1999);
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    jest.advanceTimersByTime(1);
    const result = await pending;
    expect(result.kind === 'error' && result.error).toMatchObject({ code: 'ETIMEDOUT', message: 'request timed out after 2000 ms' });
  });
});
