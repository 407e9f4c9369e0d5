import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { createProtobufSpanEncoder } from '../../src/otlp/protobuf-span-encoder';
import { DEFAULT_ZIPKIN_ENDPOINT, ZipkinEncodedSpanSender, ZipkinSpanExporter } from '../../src/export/zipkin-span-exporter';
import { plainSpan } from '../helpers/otlp-span-generator';
import { RecordingServer } from '../helpers/recording-server';

describe('ZipkinSpanExporter', () => {
  let backend: RecordingServer;
  let sender: ZipkinSpanExporter;
  beforeEach(async () => {
    backend = await RecordingServer.start();
    sender = new ZipkinSpanExporter({ url: `${backend.origin}/api/v2/spans`, retry: { maxAttempts: 2, initialBackoffMs: 1, maxBackoffMs: 1 } });
  });
  afterEach(async () => {
    await sender.shutdown();
    await backend.close();
  });

  const record = (name: string) =>
    createProtobufSpanEncoder()
      .encode([plainSpan({ name })])
      .slice();

  it('turns concatenated WAL records into one Zipkin JSON v2 request', async () => {
    const result = await sender.sendEncoded(Buffer.concat([record('first'), record('second')]));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const [req] = backend.requests;
    expect(req.path).toBe('/api/v2/spans');
    expect(req.headers['content-type']).toBe('application/json');
    const spans = JSON.parse(req.body.toString());
    expect(spans.map((s: { name: string }) => s.name)).toEqual(['first', 'second']);
    expect(spans[0]).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', id: 'b7ad6b7169203331', localEndpoint: { serviceName: 'plain' } });
  });

  it('acknowledges only a 2xx answer: a 400 fails without retry, a 503 is retried', async () => {
    backend.script(400);
    const rejected = await sender.sendEncoded(record('x'));
    expect(rejected.code).toBe(ExportResultCode.FAILED);
    expect(rejected.error?.message).toMatch(/HTTP 400/);
    expect(backend.requests).toHaveLength(1);
    backend.script(503, 503);
    const unavailable = await sender.sendEncoded(record('y'));
    expect(unavailable.code).toBe(ExportResultCode.FAILED);
    expect(backend.requests).toHaveLength(3);
    expect(sender.stats()).toMatchObject({ sent: 0, failed: 2, givenUp: 1 });
  });

  it('succeeds at once on a request without spans, without sending anything', async () => {
    expect((await sender.sendEncoded(new Uint8Array(0))).code).toBe(ExportResultCode.SUCCESS);
    expect(backend.requests).toHaveLength(0);
  });

  it('fails, without sending, bytes that are not an OTLP request', async () => {
    const result = await sender.sendEncoded(Uint8Array.from([0x0a, 0x50, 0x01]));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/could not be turned into Zipkin spans: invalid protobuf/);
    expect(backend.requests).toHaveLength(0);
  });

  it('passes the mapping options on', async () => {
    const named = new ZipkinSpanExporter({ url: backend.origin, statusCodeTagName: 'status' });
    await named.sendEncoded(
      createProtobufSpanEncoder()
        .encode([plainSpan({ status: { code: 1 } })])
        .slice(),
    );
    await named.shutdown();
    expect(JSON.parse(backend.requests[0].body.toString())[0].tags.status).toBe('OK');
  });

  it('defaults to the standard Zipkin endpoint', () => {
    expect(new ZipkinSpanExporter().url).toBe(DEFAULT_ZIPKIN_ENDPOINT);
    expect(DEFAULT_ZIPKIN_ENDPOINT).toBe('http://localhost:9411/api/v2/spans');
  });

  it('exports sampled spans through the same mapping as WAL records: the same JSON either way', async () => {
    const spans = [plainSpan({ name: 'sampled', status: { code: 2, message: 'boom' } }), plainSpan({ name: 'second' })];
    const exported = await new Promise<ExportResult>((resolve) => sender.export(spans, resolve));
    expect(exported.code).toBe(ExportResultCode.SUCCESS);
    expect((await sender.sendEncoded(createProtobufSpanEncoder().encode(spans).slice())).code).toBe(ExportResultCode.SUCCESS);
    const [viaExport, viaRecords] = backend.requests.map((r) => JSON.parse(r.body.toString()));
    expect(viaExport).toEqual(viaRecords);
    expect(viaExport[0]).toMatchObject({ name: 'sampled', tags: { 'otel.status_code': 'ERROR', error: 'boom' } });
  });

  it('encodes a large batch in chunks into one request', async () => {
    const chunked = new ZipkinSpanExporter({ url: backend.origin, encodeChunkSize: 2 });
    const spans = ['a', 'b', 'c', 'd', 'e'].map((name) => plainSpan({ name }));
    expect((await new Promise<ExportResult>((resolve) => chunked.export(spans, resolve))).code).toBe(ExportResultCode.SUCCESS);
    await chunked.shutdown();
    expect(backend.requests).toHaveLength(1);
    expect(JSON.parse(backend.requests[0].body.toString()).map((s: { name: string }) => s.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(() => new ZipkinSpanExporter({ encodeChunkSize: 0 })).toThrow(/ZipkinSpanExporter: option encodeChunkSize must be an integer >= 1/);
  });

  it('reports a batch that cannot be encoded as failed, and counts it', async () => {
    const broken = plainSpan({ name: 'broken' });
    Object.defineProperty(broken, 'spanContext', {
      value: () => {
        throw new Error('no context');
      },
    });
    const result = await new Promise<ExportResult>((resolve) => sender.export([broken], resolve));
    expect(result).toMatchObject({ code: ExportResultCode.FAILED, error: new Error('no context') });
    expect(sender.stats().failed).toBe(1);
    expect(backend.requests).toHaveLength(0);
  });

  it('keeps the deprecated name ZipkinEncodedSpanSender working: the same class', () => {
    expect(ZipkinEncodedSpanSender).toBe(ZipkinSpanExporter);
  });
});
