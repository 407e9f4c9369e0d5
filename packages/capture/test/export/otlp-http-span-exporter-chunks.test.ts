import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { OtlpHttpSpanExporter } from '../../src/export/otlp-http-span-exporter';
import { decodeTraceRequest } from '../helpers/otlp-proto-decoder';
import { OtlpSinkServer } from '../helpers/otlp-sink-server';
import { makeSpans } from '../helpers/span-factory';

function exportOnce(exporter: OtlpHttpSpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

describe('OtlpHttpSpanExporter chunked encoding', () => {
  let sink: OtlpSinkServer;
  let exporter: OtlpHttpSpanExporter;
  beforeEach(async () => {
    sink = await OtlpSinkServer.start();
  });
  afterEach(async () => {
    await exporter?.shutdown();
    await sink.close();
  });

  it('sends a batch larger than encodeChunkSize as one request holding every span in order', async () => {
    exporter = new OtlpHttpSpanExporter({ url: sink.url, encodeChunkSize: 64 });
    const spans = makeSpans(300, 'chunked');
    expect((await exportOnce(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
    expect(sink.requests).toHaveLength(1);
    const decoded = decodeTraceRequest(sink.requests[0].body);
    const names = decoded.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.name)));
    expect(names).toEqual(spans.map((s) => s.name));
    // One resource/scope group per chunk: five complete requests concatenated.
    expect(decoded.resourceSpans).toHaveLength(5);
  });

  it('keeps a batch within one chunk byte-identical to the stock serializer', async () => {
    exporter = new OtlpHttpSpanExporter({ url: sink.url, encodeChunkSize: 64 });
    const spans = makeSpans(64, 'single');
    await exportOnce(exporter, spans);
    expect(Buffer.compare(sink.requests[0].body, Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!))).toBe(0);
  });

  it('lets the event loop run between chunks', async () => {
    const encodeCalls: number[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const encoder = { encode: (batch: readonly ReadableSpan[]) => (encodeCalls.push(ticks), ProtobufTraceSerializer.serializeRequest(batch as ReadableSpan[])!) };
    exporter = new OtlpHttpSpanExporter({ url: sink.url, encodeChunkSize: 10, encoder });
    await exportOnce(exporter, makeSpans(50, 'yield'));
    clearInterval(timer);
    expect(encodeCalls).toHaveLength(5);
    // Timers ran between the chunks: the encoder saw the tick counter move.
    expect(new Set(encodeCalls).size).toBeGreaterThan(1);
  });

  it('encodes in chunks with tenancy too: one request per tenant, at most encodeChunkSize spans per step', async () => {
    const encodeCalls: { ticks: number; size: number }[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const encoder = {
      encode: (batch: readonly ReadableSpan[]) => (encodeCalls.push({ ticks, size: batch.length }), ProtobufTraceSerializer.serializeRequest(batch as ReadableSpan[])!),
    };
    exporter = new OtlpHttpSpanExporter({ url: sink.url, encodeChunkSize: 10, encoder, tenancy: { defaultTenant: 'other' } });
    const spans = makeSpans(50, 'tenant').map((span, i) => Object.assign(span, { attributes: { ...span.attributes, 'agent_otel.tenant.id': i < 35 ? 'big' : `small-${i % 3}` } }));
    expect((await exportOnce(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
    clearInterval(timer);
    // 35 spans of one tenant in chunks of 10, then three small tenants of 5 spans: one request each.
    expect(encodeCalls.map((c) => c.size)).toEqual([10, 10, 10, 5, 5, 5, 5]);
    expect(new Set(encodeCalls.map((c) => c.ticks)).size).toBeGreaterThan(1);
    expect(sink.requests).toHaveLength(4);
    const perRequest = sink.requests.map((r) => decodeTraceRequest(r.body).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)).length);
    expect(perRequest.sort((a, b) => a - b)).toEqual([5, 5, 5, 35]);
  });

  it('forceFlush waits for an export that is still encoding its chunks', async () => {
    exporter = new OtlpHttpSpanExporter({ url: sink.url, encodeChunkSize: 8 });
    let done = false;
    exporter.export(makeSpans(40, 'flush'), () => (done = true));
    await exporter.forceFlush();
    expect(done).toBe(true);
    expect(sink.requests).toHaveLength(1);
  });

  it('rejects an encodeChunkSize that is not a positive integer', () => {
    expect(() => new OtlpHttpSpanExporter({ encodeChunkSize: 0 })).toThrow(/option encodeChunkSize must be an integer >= 1/);
    expect(() => new OtlpHttpSpanExporter({ encodeChunkSize: 1.5 })).toThrow(/option encodeChunkSize/);
  });
});
