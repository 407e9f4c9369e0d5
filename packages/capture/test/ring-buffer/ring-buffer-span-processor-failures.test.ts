import { diag, DiagLogLevel } from '@opentelemetry/api';
import { ExportResultCode, loggingErrorHandler, setGlobalErrorHandler } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { RingBufferSpanProcessorOptions } from '../../src/ring-buffer-options';
import { RingBufferSpanProcessor } from '../../src/ring-buffer-span-processor';
import { ScriptedSpanExporter, type ExportBehaviour } from '../helpers/exporter-scripted';
import { endSpans, makeSpans, tracerWith } from '../helpers/span-factory';

function setup(options: RingBufferSpanProcessorOptions, ...script: ExportBehaviour[]) {
  const exporter = new ScriptedSpanExporter(...script);
  const processor = new RingBufferSpanProcessor(exporter, options);
  const { tracer } = tracerWith(processor);
  return { processor, exporter, tracer };
}

/** A span whose resource still waits for async attributes, settling as `settle()` does. */
function withPendingResource(span: ReadableSpan, settle: () => Promise<void>): ReadableSpan {
  return Object.assign(Object.create(Object.getPrototypeOf(span) as object) as ReadableSpan, span, {
    resource: { attributes: {}, asyncAttributesPending: true, waitForAsyncAttributes: settle },
  });
}

describe('RingBufferSpanProcessor failures', () => {
  const warn = jest.fn();
  const errorHandler = jest.fn();

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    warn.mockClear();
    errorHandler.mockClear();
    diag.setLogger({ warn, error: jest.fn(), info: jest.fn(), debug: jest.fn(), verbose: jest.fn() }, DiagLogLevel.WARN);
    setGlobalErrorHandler(errorHandler);
  });
  afterEach(() => {
    jest.useRealTimers();
    diag.disable();
    setGlobalErrorHandler(loggingErrorHandler());
  });

  it('counts a batch whose exporter throws synchronously, reports it, and keeps exporting', async () => {
    const { processor, exporter, tracer } = setup({ maxExportBatchSize: 5 }, 'throw', 'succeed');
    endSpans(tracer, 10);
    await processor.forceFlush();
    expect(processor.stats()).toMatchObject({ failedExport: 5, exported: 5, exportsInFlight: 0, buffered: 0 });
    expect(errorHandler).toHaveBeenCalledWith(exporter.error);
    expect(exporter.names()).toEqual(Array.from({ length: 10 }, (_, i) => `span-${i}`));
  });

  it('counts a batch the exporter reports as failed, and hands the error to the global handler', async () => {
    const { processor, exporter, tracer } = setup({}, 'fail');
    endSpans(tracer, 4);
    await processor.forceFlush();
    expect(processor.stats()).toMatchObject({ failedExport: 4, exported: 0 });
    expect(errorHandler).toHaveBeenCalledTimes(1);
    expect(errorHandler).toHaveBeenCalledWith(exporter.error);
  });

  it('counts a failure reported without an error, with an error of its own', async () => {
    const exporter = new ScriptedSpanExporter();
    exporter.export = (_spans, cb) => cb({ code: ExportResultCode.FAILED });
    const processor = new RingBufferSpanProcessor(exporter);
    endSpans(tracerWith(processor).tracer, 2);
    await processor.forceFlush();
    expect(processor.stats().failedExport).toBe(2);
    expect(String(errorHandler.mock.calls[0][0])).toMatch(/export of 2 spans failed/);
  });

  it('times out an export that never answers, frees its slot, and counts its spans', async () => {
    const { processor, tracer } = setup({ exportTimeoutMs: 5000, maxConcurrentExports: 1 }, 'hang', 'succeed');
    endSpans(tracer, 3, 'a');
    const first = processor.forceFlush();
    expect(processor.stats()).toMatchObject({ exportsInFlight: 1, spansInFlight: 3 });
    jest.advanceTimersByTime(4999);
    expect(processor.stats().exportsInFlight).toBe(1);
    jest.advanceTimersByTime(1);
    await first;
    expect(processor.stats()).toMatchObject({ exportsInFlight: 0, spansInFlight: 0, failedExport: 3 });
    expect(String(errorHandler.mock.calls[0][0])).toMatch(/export of 3 spans timed out after 5000 ms/);
    endSpans(tracer, 2, 'b');
    await processor.forceFlush();
    expect(processor.stats()).toMatchObject({ exported: 2, failedExport: 3 });
  });

  it('ignores an answer that arrives after the export timed out', async () => {
    const { processor, exporter, tracer } = setup({ exportTimeoutMs: 1000 }, 'defer');
    endSpans(tracer, 2);
    const flushed = processor.forceFlush();
    jest.advanceTimersByTime(1000);
    await flushed;
    exporter.settleNext();
    expect(processor.stats()).toMatchObject({ failedExport: 2, exported: 0, exportsInFlight: 0 });
  });

  it('warns once per burst of overflow, then once with the count when the drops stop', () => {
    const { processor, tracer } = setup({ bufferSize: 10, flushIntervalMs: 500 });
    endSpans(tracer, 100);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/buffer full \(bufferSize 10\), overwriting the oldest spans/);
    jest.advanceTimersByTime(500); // the burst had drops since the last tick: still on
    expect(warn).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(500); // a quiet interval ends it
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[1][0]).toMatch(/90 spans dropped because the buffer was full \(90 since start\)/);
    endSpans(tracer, 15);
    expect(warn).toHaveBeenCalledTimes(3);
    expect(processor.stats().droppedOverflow).toBe(95);
  });

  it('warns once per burst of export failures, with the count when the failures stop', async () => {
    const { processor, exporter, tracer } = setup({ bufferSize: 100, maxExportBatchSize: 10, flushIntervalMs: 500 });
    exporter.fallback = 'fail';
    endSpans(tracer, 50);
    await processor.forceFlush();
    expect(processor.stats().failedExport).toBe(50);
    expect(errorHandler).toHaveBeenCalledTimes(5);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/export of 10 spans failed: scripted export failure/);
    jest.advanceTimersByTime(1000);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[1][0]).toMatch(/50 spans failed to export/);
  });

  it('reports a burst still open at shutdown', async () => {
    const { processor, tracer } = setup({ bufferSize: 5 });
    endSpans(tracer, 8);
    await processor.shutdown();
    expect(warn.mock.calls.map((c) => c[0] as string)).toEqual([expect.stringMatching(/buffer full/), expect.stringMatching(/3 spans dropped/)]);
  });

  it('waits for resources with pending async attributes before exporting', async () => {
    const { processor, exporter } = setup({});
    let resolveResource!: () => void;
    const pending = new Promise<void>((r) => (resolveResource = r));
    const span = withPendingResource(makeSpans(1)[0], () => pending);
    processor.onEnd(span);
    const flushed = processor.forceFlush();
    await Promise.resolve();
    expect(exporter.batches).toHaveLength(0);
    resolveResource();
    await flushed;
    expect(exporter.batches).toHaveLength(1);
    expect(processor.stats().exported).toBe(1);
  });

  it('fails the batch when a resource cannot resolve its attributes', async () => {
    const { processor, exporter } = setup({});
    const failure = new Error('resource detector exploded');
    processor.onEnd(withPendingResource(makeSpans(1)[0], () => Promise.reject(failure)));
    await processor.forceFlush();
    expect(exporter.batches).toHaveLength(0);
    expect(processor.stats().failedExport).toBe(1);
    expect(errorHandler).toHaveBeenCalledWith(failure);
  });

  it('shutdown rejects after shutdownTimeoutMs when the drain hangs, and still shuts the exporter down', async () => {
    const { processor, exporter, tracer } = setup({ shutdownTimeoutMs: 2000, exportTimeoutMs: 60000 }, 'hang');
    endSpans(tracer, 3);
    const shutdown = processor.shutdown();
    jest.advanceTimersByTime(2000);
    await expect(shutdown).rejects.toThrow(/shutdown\(\) timed out after 2000 ms before every span was delivered: 3 spans dropped/);
    await expect(shutdown).rejects.toMatchObject({ name: 'ExportIncompleteError', dropped: 3, timedOut: true, timeoutMs: 2000 });
    expect(exporter.shutdownCalls).toBe(1);
    await expect(processor.forceFlush()).rejects.toThrow(/shutdown\(\) timed out/);
  });

  it('shutdown warns about spans left in the buffer when the drain timed out', async () => {
    const { processor, tracer } = setup({ shutdownTimeoutMs: 2000, exportTimeoutMs: 60000, maxConcurrentExports: 1, maxExportBatchSize: 2 }, 'hang');
    endSpans(tracer, 5);
    const shutdown = processor.shutdown();
    jest.advanceTimersByTime(2000);
    await expect(shutdown).rejects.toThrow(/timed out/);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/shutdown left 3 spans unexported in the buffer/));
    expect(processor.stats()).toMatchObject({ buffered: 3, spansInFlight: 2 });
  });

  it('shutdown resolves with a warning when only the exporter shutdown hangs (no span is lost)', async () => {
    const { processor, exporter } = setup({ shutdownTimeoutMs: 1000 });
    exporter.shutdown = () => new Promise<void>(() => undefined);
    const shutdown = processor.shutdown();
    await Promise.resolve();
    await Promise.resolve();
    jest.advanceTimersByTime(1000);
    await expect(shutdown).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/exporter had not finished shutting down when the shutdown timeout \(1000 ms\) passed/));
  });

  it('never throws from onEnd, even for a broken span object, and reports it', () => {
    const { processor } = setup({});
    const broken = {
      spanContext: () => {
        throw new Error('broken span');
      },
    } as unknown as ReadableSpan;
    expect(() => processor.onEnd(broken)).not.toThrow();
    expect(errorHandler).toHaveBeenCalledWith(expect.objectContaining({ message: 'broken span' }));
    expect(processor.stats().ended).toBe(0);
  });

  it('shutdown rejects with the exporter shutdown error', async () => {
    const { processor, exporter } = setup({});
    exporter.shutdown = () => Promise.reject(new Error('cannot close'));
    await expect(processor.shutdown()).rejects.toThrow('cannot close');
  });
});
