import { ExportResultCode, loggingErrorHandler, setGlobalErrorHandler, type ExportResult } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { OtlpExportError } from '../../src/export/otlp-export-error';
import type { OtlpHttpSpanExporterOptions } from '../../src/export/otlp-http-exporter-options';
import { OtlpHttpSpanExporter } from '../../src/export/otlp-http-span-exporter';
import { createSerializerEncoder } from '../helpers/exporter-serializer-encoder';
import { OtlpSinkServer, refusedUrl } from '../helpers/otlp-sink-server';
import { makeSpans } from '../helpers/span-factory';

const FAST_RETRY = { initialBackoffMs: 1, maxBackoffMs: 2 };

function exportOnce(exporter: OtlpHttpSpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

describe('OtlpHttpSpanExporter', () => {
  let sink: OtlpSinkServer;
  const exporters: OtlpHttpSpanExporter[] = [];
  const create = (options: OtlpHttpSpanExporterOptions = {}): OtlpHttpSpanExporter => {
    const exporter = new OtlpHttpSpanExporter({ url: sink.url, encoder: createSerializerEncoder(), retry: FAST_RETRY, ...options });
    exporters.push(exporter);
    return exporter;
  };

  beforeEach(async () => {
    sink = await OtlpSinkServer.start();
  });
  afterEach(async () => {
    jest.useRealTimers();
    await sink.close();
    await Promise.all(exporters.splice(0).map((e) => e.shutdown()));
  });

  it('POSTs the encoded spans as OTLP/protobuf to the URL', async () => {
    const spans = makeSpans(3);
    const exporter = create({ headers: { authorization: 'Bearer secret' } });
    const result = await exportOnce(exporter, spans);
    expect(result).toEqual({ code: ExportResultCode.SUCCESS });
    expect(sink.requests).toHaveLength(1);
    const [request] = sink.requests;
    expect(request.path).toBe('/v1/traces');
    expect(request.headers['content-type']).toBe('application/x-protobuf');
    expect(request.headers.authorization).toBe('Bearer secret');
    expect(request.headers['content-encoding']).toBeUndefined();
    expect(Buffer.compare(request.body, Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!))).toBe(0);
    expect(exporter.stats()).toEqual({ sent: 1, failed: 0, retried: 0, givenUp: 0, inFlight: 0, queued: 0, invalidTenants: 0, rejectedSpans: 0 });
  });

  it('encodes with the built-in protobuf encoder by default, to the same bytes', async () => {
    const spans = makeSpans(4, 'default', { 'gen_ai.prompt': 'héllo 🌍', n: 42 });
    const exporter = new OtlpHttpSpanExporter({ url: sink.url });
    exporters.push(exporter);
    expect((await exportOnce(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
    expect(Buffer.compare(sink.requests[0].body, Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!))).toBe(0);
  });

  it('gzips the body when compression is gzip', async () => {
    const spans = makeSpans(5);
    const exporter = create({ compression: 'gzip' });
    expect((await exportOnce(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
    const [request] = sink.requests;
    expect(request.headers['content-encoding']).toBe('gzip');
    expect(request.rawBody.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(Buffer.compare(request.body, Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!))).toBe(0);
  });

  it('sends pre-encoded bytes as they are; concatenated requests go out as one', async () => {
    const encoder = createSerializerEncoder();
    const a = Buffer.from(encoder.encode(makeSpans(2, 'a')));
    const b = Buffer.from(encoder.encode(makeSpans(3, 'b')));
    const exporter = create();
    const result = await exporter.sendEncoded(Buffer.concat([a, b]));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(Buffer.compare(sink.requests[0].body, Buffer.concat([a, b]))).toBe(0);
  });

  it('retries a 503 and succeeds on the 200 that follows', async () => {
    sink.script({ status: 503 }, { status: 200 });
    const exporter = create();
    const result = await exportOnce(exporter, makeSpans(2));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(sink.requests).toHaveLength(2);
    expect(Buffer.compare(sink.requests[0].body, sink.requests[1].body)).toBe(0);
    expect(exporter.stats()).toMatchObject({ sent: 1, retried: 1, failed: 0, givenUp: 0 });
  });

  it('retries a connection closed without an answer', async () => {
    sink.script({ destroy: true });
    const exporter = create();
    expect((await exportOnce(exporter, makeSpans(1))).code).toBe(ExportResultCode.SUCCESS);
    expect(exporter.stats()).toMatchObject({ sent: 1, retried: 1 });
  });

  it('waits as long as Retry-After says before retrying', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    sink.script({ status: 429, retryAfter: '2' });
    const exporter = create();
    const pending = exporter.sendEncoded(new Uint8Array([1]));
    while (sink.requests.length < 2) {
      await jest.advanceTimersByTimeAsync(50);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect((await pending).code).toBe(ExportResultCode.SUCCESS);
    expect(sink.requests[1].receivedAt - sink.requests[0].receivedAt).toBeGreaterThanOrEqual(2000);
    expect(exporter.stats()).toMatchObject({ sent: 1, retried: 1 });
  });

  it('fails a 400 at once, with an error naming the status and URL', async () => {
    sink.script({ status: 400, body: 'bad request body' });
    const exporter = create();
    const result = await exportOnce(exporter, makeSpans(1));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error).toBeInstanceOf(OtlpExportError);
    expect(result.error?.message).toBe(`OTLP export to ${sink.url} failed: HTTP 400 Bad Request: bad request body (not retryable)`);
    expect(sink.requests).toHaveLength(1);
    expect(exporter.stats()).toMatchObject({ sent: 0, failed: 1, retried: 0, givenUp: 0 });
  });

  it('retries a refused connection, then gives up and counts it', async () => {
    const exporter = new OtlpHttpSpanExporter({ url: await refusedUrl(), encoder: createSerializerEncoder(), retry: { ...FAST_RETRY, maxAttempts: 3 } });
    exporters.push(exporter);
    const result = await exportOnce(exporter, makeSpans(1));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error).toMatchObject({ code: 'ECONNREFUSED', attempts: 3, gaveUp: true });
    expect(result.error?.message).toMatch(/gave up after 3 attempts/);
    expect(exporter.stats()).toMatchObject({ sent: 0, failed: 1, retried: 2, givenUp: 1 });
  });

  it('queues requests beyond maxConcurrentRequests instead of failing them', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    sink.script({ until: gate });
    const exporter = create({ maxConcurrentRequests: 1 });
    const results = Array.from({ length: 6 }, (_, i) => exporter.sendEncoded(new Uint8Array([i])));
    await sink.waitForRequests(1);
    expect(exporter.stats()).toMatchObject({ inFlight: 1, queued: 5 });
    release();
    expect((await Promise.all(results)).map((r) => r.code)).toEqual(Array(6).fill(ExportResultCode.SUCCESS));
    expect(sink.maxConcurrent).toBe(1);
    expect(sink.requests.map((r) => r.body[0])).toEqual([0, 1, 2, 3, 4, 5]);
    expect(exporter.stats()).toMatchObject({ sent: 6, failed: 0, inFlight: 0, queued: 0 });
  });

  it('fails a request that never gets an answer after timeoutMillis, counted as given up', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    sink.script({ hang: true });
    const exporter = create({ timeoutMillis: 3000 });
    const pending = exporter.sendEncoded(new Uint8Array([1]));
    await sink.waitForRequests(1);
    jest.advanceTimersByTime(3000);
    const result = await pending;
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/request timed out after 3000 ms/);
    expect(exporter.stats()).toMatchObject({ failed: 1, givenUp: 1 });
  });

  it('fails a queued request whose timeout passes while it waits for a slot', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    sink.script({ hang: true });
    const exporter = create({ timeoutMillis: 3000, maxConcurrentRequests: 1 });
    const first = exporter.sendEncoded(new Uint8Array([1]));
    const second = exporter.sendEncoded(new Uint8Array([2]));
    await sink.waitForRequests(1);
    jest.advanceTimersByTime(3000);
    expect((await second).error?.message).toMatch(/timed out after 3000 ms \(timeoutMillis\) waiting for one of 1 request slots/);
    expect((await second).error?.message).toMatch(new RegExp(`^OTLP export to ${sink.url} timed out`));
    expect((await first).code).toBe(ExportResultCode.FAILED);
    expect(exporter.stats()).toMatchObject({ failed: 2, queued: 0, inFlight: 0 });
  });

  it('hands an exception thrown by the result callback to the global error handler', async () => {
    const handler = jest.fn();
    setGlobalErrorHandler(handler);
    try {
      const exporter = create();
      const thrown = new Error('callback exploded');
      exporter.export(makeSpans(1), () => {
        throw thrown;
      });
      await exporter.forceFlush();
      await new Promise((resolve) => setImmediate(resolve));
      expect(handler).toHaveBeenCalledWith(thrown);
    } finally {
      setGlobalErrorHandler(loggingErrorHandler());
    }
  });

  it('reports an encoder failure as a failed export', async () => {
    const failure = new Error('cannot encode');
    const exporter = create({
      encoder: {
        encode: () => {
          throw failure;
        },
      },
    });
    const result = await exportOnce(exporter, makeSpans(1));
    expect(result).toEqual({ code: ExportResultCode.FAILED, error: failure });
    expect(exporter.stats().failed).toBe(1);
    expect(sink.requests).toHaveLength(0);
  });

  it('copies the encoder output, which the encoder may reuse', async () => {
    const shared = new Uint8Array(4);
    let calls = 0;
    const exporter = create({ encoder: { encode: () => shared.fill(++calls) } });
    const first = exportOnce(exporter, makeSpans(1));
    const second = exportOnce(exporter, makeSpans(1));
    await Promise.all([first, second]);
    expect(sink.requests.map((r) => [...r.body]).sort()).toEqual([
      [1, 1, 1, 1],
      [2, 2, 2, 2],
    ]);
  });

  it('forceFlush and shutdown wait for requests in flight; later exports fail clearly', async () => {
    sink.script({ delayMs: 30 });
    const exporter = create();
    let firstDone = false;
    void exporter.sendEncoded(new Uint8Array([1])).then(() => (firstDone = true));
    await exporter.forceFlush();
    expect(firstDone).toBe(true);
    sink.script({ delayMs: 30 });
    let secondDone = false;
    void exporter.sendEncoded(new Uint8Array([2])).then(() => (secondDone = true));
    const shutdown = exporter.shutdown();
    expect(exporter.shutdown()).toBe(shutdown);
    await shutdown;
    expect(secondDone).toBe(true);
    const after = await exportOnce(exporter, makeSpans(1));
    expect(after.code).toBe(ExportResultCode.FAILED);
    expect(after.error?.message).toMatch(/export after shutdown\(\)/);
    expect((await exporter.sendEncoded(new Uint8Array([3]))).code).toBe(ExportResultCode.FAILED);
    expect(sink.requests).toHaveLength(2);
  });

  it('shutdown(timeoutMs) stops waiting for a request that never gets an answer: it is aborted and fails, and later sends fail at once', async () => {
    sink.script({ hang: true });
    const exporter = create({ timeoutMillis: 60000 });
    const inFlight = exporter.sendEncoded(new Uint8Array([7]));
    await sink.waitForRequests(1);
    await exporter.shutdown(50);
    const result = await inFlight;
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/socket hang up|shut down/);
    expect((await exporter.sendEncoded(new Uint8Array([8]))).code).toBe(ExportResultCode.FAILED);
    expect(sink.requests).toHaveLength(1);
  });
});
