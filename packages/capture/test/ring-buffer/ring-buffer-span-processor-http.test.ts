import { diag } from '@opentelemetry/api';
import { loggingErrorHandler, setGlobalErrorHandler } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OtlpHttpSpanExporter } from '../../src/export/otlp-http-span-exporter';
import { RingBufferSpanProcessor } from '../../src/ring-buffer-span-processor';
import { createSerializerEncoder } from '../helpers/exporter-serializer-encoder';
import { OtlpSinkServer, refusedUrl } from '../helpers/otlp-sink-server';
import { endSpans, tracerWith } from '../helpers/span-factory';

/** The ring buffer in front of the real HTTP exporter and a real local OTLP endpoint. */
describe('RingBufferSpanProcessor with OtlpHttpSpanExporter', () => {
  let sink: OtlpSinkServer;
  const errorHandler = jest.fn();
  beforeEach(async () => {
    sink = await OtlpSinkServer.start();
    errorHandler.mockClear();
    setGlobalErrorHandler(errorHandler);
    diag.disable();
  });
  afterEach(async () => {
    await sink.close();
    setGlobalErrorHandler(loggingErrorHandler());
  });

  function pipeline(url: string, maxAttempts = 5) {
    const exporter = new OtlpHttpSpanExporter({ url, encoder: createSerializerEncoder(), retry: { initialBackoffMs: 1, maxBackoffMs: 2, maxAttempts } });
    const processor = new RingBufferSpanProcessor(exporter, { bufferSize: 100, maxExportBatchSize: 50 });
    return { exporter, processor, tracer: tracerWith(processor).tracer };
  }

  it('delivers every span when the backend answers 503 and then 200', async () => {
    sink.script({ status: 503 });
    const { exporter, processor, tracer } = pipeline(sink.url);
    endSpans(tracer, 80);
    await processor.shutdown();
    expect(processor.stats()).toMatchObject({ ended: 80, exported: 80, failedExport: 0 });
    expect(exporter.stats()).toMatchObject({ sent: 2, retried: 1, givenUp: 0 });
    // Both batches go out at once; the one answered 503 is sent again, unchanged, last.
    expect(sink.requests).toHaveLength(3);
    expect(Buffer.compare(sink.requests[0].body, sink.requests[2].body)).toBe(0);
  });

  it('exports a span with a 5 MB attribute', async () => {
    const { processor, tracer } = pipeline(sink.url);
    const huge = 'p'.repeat(5 * 1024 * 1024);
    const span = tracer.startSpan('huge', { attributes: { 'gen_ai.prompt': huge } });
    span.end();
    await processor.forceFlush();
    expect(processor.stats()).toMatchObject({ exported: 1, failedExport: 0 });
    expect(sink.requests).toHaveLength(1);
    expect(sink.requests[0].body.length).toBeGreaterThan(5 * 1024 * 1024);
    expect(sink.requests[0].body.includes(Buffer.from(huge.slice(0, 1000)))).toBe(true);
    await processor.shutdown();
  });

  it('counts the spans as failed when the backend stays unreachable, and reports the error', async () => {
    const { exporter, processor, tracer } = pipeline(await refusedUrl(), 2);
    endSpans(tracer, 10);
    await processor.shutdown();
    expect(processor.stats()).toMatchObject({ ended: 10, exported: 0, failedExport: 10 });
    expect(exporter.stats()).toMatchObject({ failed: 1, retried: 1, givenUp: 1 });
    expect(errorHandler).toHaveBeenCalledWith(expect.objectContaining({ code: 'ECONNREFUSED', gaveUp: true }));
  });

  it('sends the same bytes the official serializer produces for the same spans', async () => {
    const { processor } = pipeline(sink.url);
    const memory = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(memory), processor] });
    endSpans(provider.getTracer('t'), 5);
    await processor.forceFlush();
    expect(sink.requests).toHaveLength(1);
    const expected = ProtobufTraceSerializer.serializeRequest(memory.getFinishedSpans())!;
    expect(Buffer.compare(sink.requests[0].body, Buffer.from(expected))).toBe(0);
    await processor.shutdown();
  });
});
