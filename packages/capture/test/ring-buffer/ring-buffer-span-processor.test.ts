import { context, diag, DiagLogLevel } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { isTracingSuppressed, setGlobalErrorHandler, loggingErrorHandler } from '@opentelemetry/core';
import type { RingBufferSpanProcessorOptions } from '../../src/ring-buffer-options';
import { RingBufferSpanProcessor } from '../../src/ring-buffer-span-processor';
import type { RingBufferSpanProcessorStats } from '../../src/ring-buffer-stats';
import { ScriptedSpanExporter } from '../helpers/exporter-scripted';
import { endSpans, RECORD_ONLY_SAMPLER, tracerWith } from '../helpers/span-factory';

const names = (prefix: string, from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => `${prefix}-${from + i}`);

function setup(options: RingBufferSpanProcessorOptions = {}, exporter = new ScriptedSpanExporter()) {
  const processor = new RingBufferSpanProcessor(exporter, options);
  const { tracer, provider } = tracerWith(processor);
  return { processor, exporter, tracer, provider };
}

/** Every accepted span is somewhere: buffered, in flight, exported, dropped or failed. */
function expectBalanced(stats: RingBufferSpanProcessorStats): void {
  expect(stats.ended).toBe(stats.buffered + stats.spansInFlight + stats.exported + stats.droppedOverflow + stats.failedExport);
}

describe('RingBufferSpanProcessor', () => {
  const warn = jest.fn();

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    warn.mockClear();
    diag.setLogger({ warn, error: jest.fn(), info: jest.fn(), debug: jest.fn(), verbose: jest.fn() }, DiagLogLevel.WARN);
    setGlobalErrorHandler(jest.fn());
  });
  afterEach(() => {
    jest.useRealTimers();
    diag.disable();
    setGlobalErrorHandler(loggingErrorHandler());
  });

  it('exports every span in the order the spans ended, in batches of maxExportBatchSize', async () => {
    const { processor, exporter, tracer } = setup({ bufferSize: 100, maxExportBatchSize: 10 });
    endSpans(tracer, 45);
    await processor.forceFlush();
    expect(exporter.names()).toEqual(names('span', 0, 45));
    expect(exporter.batches.map((b) => b.length)).toEqual([10, 10, 10, 10, 5]);
    expect(processor.stats()).toMatchObject({ ended: 45, exported: 45, buffered: 0, exportsInFlight: 0 });
  });

  it('takes a synchronous burst of 2048 spans, the stock queue size, with its defaults', async () => {
    const { processor, exporter, tracer } = setup();
    endSpans(tracer, 2048);
    await processor.forceFlush();
    expect(exporter.names()).toHaveLength(2048);
    expect(processor.stats()).toMatchObject({ ended: 2048, exported: 2048, droppedOverflow: 0 });
  });

  it('counts overflow exactly and exports the newest spans in order', async () => {
    const { processor, exporter, tracer } = setup({ bufferSize: 10 });
    endSpans(tracer, 25);
    expect(processor.stats()).toMatchObject({ ended: 25, buffered: 10, droppedOverflow: 15, exported: 0 });
    await processor.forceFlush();
    expect(exporter.names()).toEqual(names('span', 15, 25));
    const stats = processor.stats();
    expect(stats).toMatchObject({ ended: 25, buffered: 0, droppedOverflow: 15, exported: 10, failedExport: 0 });
    expectBalanced(stats);
  });

  it('never exports on the caller stack, even with an exporter that answers synchronously', () => {
    const { processor, exporter, tracer } = setup({ bufferSize: 10, flushThreshold: 0.1 }, new ScriptedSpanExporter());
    exporter.fallback = 'succeed-sync';
    endSpans(tracer, 10);
    expect(exporter.batches).toHaveLength(0);
    expect(processor.stats().buffered).toBe(10);
  });

  it('flushes shortly after the fill passes the threshold, before the interval', () => {
    const { processor, exporter, tracer } = setup({ bufferSize: 10, flushThreshold: 0.5, flushIntervalMs: 60000 });
    endSpans(tracer, 4);
    jest.advanceTimersByTime(1000);
    expect(exporter.batches).toHaveLength(0);
    endSpans(tracer, 1, 'fifth');
    expect(exporter.batches).toHaveLength(0);
    jest.advanceTimersByTime(1);
    expect(exporter.names()).toEqual(['span-0', 'span-1', 'span-2', 'span-3', 'fifth-0']);
    expect(processor.stats().exportsInFlight).toBe(1);
  });

  it('re-arms the threshold trigger for every new fill', async () => {
    const { exporter, tracer } = setup({ bufferSize: 10, flushThreshold: 0.5, flushIntervalMs: 60000 });
    for (let round = 0; round < 3; round++) {
      endSpans(tracer, 5, `r${round}`);
      jest.advanceTimersByTime(1);
      await Promise.resolve();
    }
    expect(exporter.batches.map((b) => b[0].name)).toEqual(['r0-0', 'r1-0', 'r2-0']);
  });

  it('flushes below the threshold when the interval elapses', () => {
    const { exporter, tracer } = setup({ flushIntervalMs: 500 });
    endSpans(tracer, 3);
    jest.advanceTimersByTime(499);
    expect(exporter.batches).toHaveLength(0);
    jest.advanceTimersByTime(1);
    expect(exporter.names()).toEqual(names('span', 0, 3));
  });

  it('leaves spans that end after a tick for the next tick, so a steady stream goes out in full batches', () => {
    const exporter = new ScriptedSpanExporter();
    exporter.fallback = 'defer';
    const { exporter: e, tracer } = setup({ flushIntervalMs: 500, maxConcurrentExports: 1 }, exporter);
    endSpans(tracer, 5, 'a');
    jest.advanceTimersByTime(500);
    endSpans(tracer, 3, 'b');
    e.settleNext();
    expect(e.batches).toHaveLength(1);
    jest.advanceTimersByTime(500);
    expect(e.batches.map((b) => b.length)).toEqual([5, 3]);
  });

  it('keeps at most maxConcurrentExports in flight and continues as exports finish', () => {
    const exporter = new ScriptedSpanExporter();
    exporter.fallback = 'defer';
    const { processor, tracer } = setup({ bufferSize: 100, maxExportBatchSize: 10, maxConcurrentExports: 2 }, exporter);
    endSpans(tracer, 50);
    jest.advanceTimersByTime(500);
    expect(exporter.batches).toHaveLength(2);
    expect(processor.stats()).toMatchObject({ exportsInFlight: 2, spansInFlight: 20, buffered: 30 });
    exporter.settleNext();
    expect(exporter.batches).toHaveLength(3);
    expect(processor.stats()).toMatchObject({ exportsInFlight: 2, exported: 10 });
    while (exporter.deferredCount > 0) exporter.settleNext();
    expect(exporter.names()).toEqual(names('span', 0, 50));
    expect(exporter.maxInFlight).toBe(2);
    expect(processor.stats()).toMatchObject({ exported: 50, exportsInFlight: 0, buffered: 0 });
  });

  it('forceFlush drains a backlog far larger than the concurrency limit', async () => {
    const { processor, exporter, tracer } = setup({ bufferSize: 5000, maxExportBatchSize: 10, maxConcurrentExports: 1 });
    endSpans(tracer, 5000);
    await processor.forceFlush();
    expect(exporter.batches).toHaveLength(500);
    expect(exporter.maxInFlight).toBe(1);
    expect(exporter.names()).toEqual(names('span', 0, 5000));
    expect(processor.stats()).toMatchObject({ exported: 5000, buffered: 0 });
  });

  it('concurrent forceFlush calls share the work and all resolve', async () => {
    const exporter = new ScriptedSpanExporter();
    exporter.fallback = 'defer';
    const { processor, tracer } = setup({ bufferSize: 100, maxExportBatchSize: 10, maxConcurrentExports: 2 }, exporter);
    endSpans(tracer, 30, 'a');
    const resolved: string[] = [];
    const first = processor.forceFlush().then(() => resolved.push('first'));
    endSpans(tracer, 5, 'b');
    const second = processor.forceFlush().then(() => resolved.push('second'));
    const third = processor.forceFlush().then(() => resolved.push('third'));
    expect(exporter.batches).toHaveLength(2);
    while (exporter.deferredCount > 0) {
      exporter.settleNext();
      await Promise.resolve();
    }
    await Promise.all([first, second, third]);
    expect(resolved).toEqual(['first', 'second', 'third']);
    expect(exporter.names()).toEqual([...names('a', 0, 30), ...names('b', 0, 5)]);
    expect(exporter.batches.map((b) => b.length)).toEqual([10, 10, 10, 5]);
    expect(exporter.maxInFlight).toBe(2);
  });

  it('forceFlush waits for exports already in flight, and spans ended later are not part of it', async () => {
    const exporter = new ScriptedSpanExporter();
    exporter.fallback = 'defer';
    const { processor, tracer } = setup({ bufferSize: 100, maxExportBatchSize: 10 }, exporter);
    endSpans(tracer, 10, 'a');
    jest.advanceTimersByTime(500);
    expect(exporter.deferredCount).toBe(1);
    let done = false;
    const flushed = processor.forceFlush().then(() => (done = true));
    endSpans(tracer, 3, 'late');
    await Promise.resolve();
    expect(done).toBe(false);
    exporter.settleNext();
    await flushed;
    expect(processor.stats()).toMatchObject({ exported: 10, buffered: 3 });
  });

  it('forceFlush resolves at once when nothing is buffered', async () => {
    const { processor, exporter } = setup();
    await processor.forceFlush();
    expect(exporter.batches).toHaveLength(0);
  });

  it('forceFlush rejects after forceFlushTimeoutMs when the buffer cannot drain', async () => {
    const exporter = new ScriptedSpanExporter();
    exporter.fallback = 'hang';
    const { processor, tracer } = setup({ forceFlushTimeoutMs: 1000, exportTimeoutMs: 60000 }, exporter);
    endSpans(tracer, 3);
    const flushed = processor.forceFlush();
    jest.advanceTimersByTime(1000);
    await expect(flushed).rejects.toThrow(/forceFlush\(\) timed out after 1000 ms before every span was delivered: 3 spans still buffered or in flight/);
    await expect(flushed).rejects.toMatchObject({ name: 'ExportIncompleteError', pending: 3, dropped: 0, timedOut: true });
  });

  it('shutdown drains everything, shuts the exporter down once, and is idempotent', async () => {
    const { processor, exporter, tracer } = setup({ bufferSize: 1000, maxExportBatchSize: 100, maxConcurrentExports: 2 });
    endSpans(tracer, 1000);
    const first = processor.shutdown();
    const second = processor.shutdown();
    expect(second).toBe(first);
    await first;
    expect(exporter.names()).toEqual(names('span', 0, 1000));
    expect(exporter.maxInFlight).toBeLessThanOrEqual(2);
    expect(exporter.shutdownCalls).toBe(1);
    await processor.shutdown();
    await processor.forceFlush();
    expect(exporter.shutdownCalls).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('ignores spans ended after shutdown, counting them, with exactly one warning', async () => {
    const { processor, exporter, tracer } = setup();
    endSpans(tracer, 2, 'before');
    await processor.shutdown();
    endSpans(tracer, 3, 'after');
    expect(exporter.names()).toEqual(['before-0', 'before-1']);
    expect(processor.stats()).toMatchObject({ ended: 2, exported: 2, droppedAfterShutdown: 3 });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/span ended after shutdown\(\) was called/);
  });

  it('skips spans that are recorded but not sampled', async () => {
    const exporter = new ScriptedSpanExporter();
    const processor = new RingBufferSpanProcessor(exporter);
    const { tracer } = tracerWith(processor, RECORD_ONLY_SAMPLER);
    endSpans(tracer, 5);
    await processor.forceFlush();
    expect(processor.stats()).toMatchObject({ ended: 0, buffered: 0, exported: 0 });
    expect(exporter.batches).toHaveLength(0);
    await processor.shutdown();
    endSpans(tracer, 1);
    expect(processor.stats().droppedAfterShutdown).toBe(0);
    expect(warn).not.toHaveBeenCalled();
  });

  it('runs exports with tracing suppressed, so the exporter does not trace itself', async () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    try {
      const seen: boolean[] = [];
      const exporter = new ScriptedSpanExporter();
      const original = exporter.export.bind(exporter);
      exporter.export = (spans, cb) => {
        seen.push(isTracingSuppressed(context.active()));
        original(spans, cb);
      };
      const { processor, tracer } = setup({}, exporter);
      endSpans(tracer, 1);
      await processor.forceFlush();
      expect(seen).toEqual([true]);
    } finally {
      context.disable();
    }
  });

  it('is driven by the provider: forceFlush and shutdown reach the processor', async () => {
    const { provider, exporter, tracer } = setup();
    endSpans(tracer, 3);
    await provider.forceFlush();
    expect(exporter.names()).toEqual(names('span', 0, 3));
    await provider.shutdown();
    expect(exporter.shutdownCalls).toBe(1);
  });

  it('refuses something that is not an exporter', () => {
    expect(() => new RingBufferSpanProcessor({} as never)).toThrow(/exporter must be a SpanExporter/);
    expect(() => new RingBufferSpanProcessor(new ScriptedSpanExporter(), { bufferSize: 0 })).toThrow(/bufferSize/);
  });

  it('keeps its timers from holding the process open', () => {
    const unref = jest.spyOn(global, 'setInterval');
    setup();
    const timer = unref.mock.results[0].value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    unref.mockRestore();
  });
});
