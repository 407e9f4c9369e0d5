/**
 * Complete mode with a real WAL in a temp directory and a real OTLP/HTTP sink: each span is on disk
 * before end() returns, then exported in batches, in order, and acknowledged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProtobufSpanEncoder } from '../../src/otlp/protobuf-span-encoder';
import { inspectWal } from '../../src/wal/inspect';
import { endSpans } from '../helpers/span-factory';
import { flushMicrotasks, spanNamesOf, waitUntil } from '../helpers/wal-processor-harness';
import { SwitchableBackend } from '../helpers/wal-processor-switchable-backend';
import { useWalProcessorTestbed } from '../helpers/wal-processor-testbed';

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

describe('WalSpanProcessor, complete mode', () => {
  const bed = useWalProcessorTestbed();

  it('has each span in a WAL segment on disk before end() returns', () => {
    const { dir, processor, sender, tracer } = bed.open();
    for (let i = 0; i < 4; i++) {
      tracer.startSpan(`on-disk-${i}`, { attributes: { 'test.i': i } }).end();
      // Read the directory as another process would, right after end() returned.
      const seen = inspectWal(dir);
      expect(seen.pending).toBe(i + 1);
      const bytes = Buffer.concat(seen.segments.map((s) => readFileSync(join(dir, s.name))));
      expect(bytes.includes(`on-disk-${i}`)).toBe(true);
    }
    expect(processor.stats()).toMatchObject({ appended: 4, critical: 0, acknowledged: 0, pending: 4, degraded: 0 });
    expect(sender.calls).toHaveLength(0); // the export interval (one hour) has not come
  });

  it('exports in batches bounded by maxExportBatchBytes, without waiting for the interval, in order and once each', async () => {
    const { processor, sender, tracer } = bed.open({ maxExportBatchBytes: 1000 });
    endSpans(tracer, 20, 'batched');
    await waitUntil(() => processor.stats().acknowledged === 20, 'all 20 spans acknowledged');
    expect(sender.calls.length).toBeGreaterThan(2);
    for (const call of sender.calls) {
      if (spanNamesOf([call]).length > 1) expect(call.length).toBeLessThanOrEqual(1000);
    }
    expect(spanNamesOf(bed.sink.requests)).toEqual(names('batched', 20));
    expect(processor.stats()).toMatchObject({ appended: 20, acknowledged: 20, failedExports: 0, pending: 0 });
  });

  it('acknowledges exported records in the WAL: nothing stays pending and acknowledged segments are deleted', async () => {
    const { dir, processor, tracer } = bed.open({ wal: { segmentBytes: 1024, checkpointIntervalMs: 1 } });
    endSpans(tracer, 40, 'acked', { 'test.padding': 'p'.repeat(100) });
    const before = inspectWal(dir);
    expect(before.segments.length).toBeGreaterThan(4);
    expect(before.pending).toBe(40);
    await processor.forceFlush();
    expect(processor.stats()).toMatchObject({ acknowledged: 40, pending: 0 });
    // The checkpoint is written in the background, then the segments below it are deleted; only the
    // active segment may stay.
    await waitUntil(() => inspectWal(dir).segments.length <= 1, 'acknowledged segments to be deleted');
    expect(inspectWal(dir)).toMatchObject({ pending: 0, acknowledgedThrough: 40 });
    expect(spanNamesOf(bed.sink.requests)).toEqual(names('acked', 40));
  });

  it('keeps its own copy of each record when the encoder reuses its output buffer', async () => {
    const real = createProtobufSpanEncoder();
    const reused = Buffer.alloc(64 * 1024);
    // Returns a Buffer view of one reused buffer, valid only until the next call.
    const encoder = { encode: (spans: Parameters<typeof real.encode>[0]) => reused.subarray(0, Buffer.from(real.encode(spans)).copy(reused)) };
    const { processor, tracer } = bed.open({ encoder });
    endSpans(tracer, 3, 'copied');
    await processor.forceFlush();
    expect(spanNamesOf(bed.sink.requests)).toEqual(names('copied', 3));
  });

  it('exports on the interval when nothing else triggers it', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    try {
      const { processor, sender, tracer } = bed.open({ exportIntervalMs: 1000 });
      endSpans(tracer, 3, 'interval');
      await jest.advanceTimersByTimeAsync(999);
      expect(sender.calls).toHaveLength(0);
      await jest.advanceTimersByTimeAsync(1);
      expect(sender.calls).toHaveLength(1);
      await waitUntil(() => processor.stats().acknowledged === 3, 'the interval export to be acknowledged');
      expect(spanNamesOf(bed.sink.requests)).toEqual(names('interval', 3));
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps the records while the backend answers 503 and retries them, unchanged and in order, with growing backoff', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    try {
      bed.sink.script({ status: 503 }, { status: 503 }, { status: 503 });
      const { processor, sender, tracer } = bed.open({ exportIntervalMs: 100, maxRetryDelayMs: 350 });
      endSpans(tracer, 5, 'retried');
      const attemptAfter = async (ms: number, expectedCalls: number, failures: number) => {
        await jest.advanceTimersByTimeAsync(ms);
        expect(sender.calls).toHaveLength(expectedCalls);
        await waitUntil(() => processor.stats().failedExports === failures, `${failures} failed exports`);
      };
      await attemptAfter(100, 1, 1); // t=100: first attempt, 503; next after min(350, 100·2¹) = 200 ms
      await attemptAfter(100, 1, 1); // t=200: in backoff
      await attemptAfter(100, 2, 2); // t=300: second attempt, 503; next after min(350, 100·2²) = 400 ms
      await attemptAfter(300, 2, 2); // t=600: in backoff
      await attemptAfter(100, 3, 3); // t=700: third attempt, 503; next after the cap, 350 ms
      await attemptAfter(300, 3, 3); // t=1000: in backoff
      await attemptAfter(100, 4, 3); // t=1100: fourth attempt, 200
      await waitUntil(() => processor.stats().acknowledged === 5, 'the retried batch to be acknowledged');
      for (const call of sender.calls) expect(call.equals(sender.calls[0])).toBe(true);
      expect(spanNamesOf([sender.calls[3]])).toEqual(names('retried', 5));
      expect(processor.stats()).toMatchObject({ appended: 5, acknowledged: 5, failedExports: 3, pending: 0 });
      expect(bed.errors).toHaveBeenCalledTimes(3);
      expect(bed.errors).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringMatching(/503/) }));
      expect(bed.diag.warn[0]).toMatch(/exporting write-ahead-log records failed .*503.*; they stay in the log and are retried/);
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps to the backoff when new spans fill a batch while exports fail', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    try {
      bed.sink.script({ status: 503 }, { status: 503 });
      const { processor, sender, tracer } = bed.open({ exportIntervalMs: 100, maxRetryDelayMs: 1000, maxExportBatchBytes: 1000 });
      const padding = { 'test.padding': 'p'.repeat(200) };
      endSpans(tracer, 10, 'first', padding); // over maxExportBatchBytes: exported without the interval
      await waitUntil(() => processor.stats().failedExports === 1, 'the first export to fail');
      expect(sender.calls).toHaveLength(1);
      endSpans(tracer, 10, 'second', padding); // over the batch size again, but in backoff (200 ms)
      for (let i = 0; i < 20; i++) await flushMicrotasks();
      expect(sender.calls).toHaveLength(1);
      await jest.advanceTimersByTimeAsync(199);
      expect(sender.calls).toHaveLength(1);
      await jest.advanceTimersByTimeAsync(1);
      expect(sender.calls).toHaveLength(2);
      await waitUntil(() => processor.stats().failedExports === 2, 'the second export to fail');
      endSpans(tracer, 10, 'third', padding); // in backoff again (400 ms)
      await jest.advanceTimersByTimeAsync(399);
      expect(sender.calls).toHaveLength(2);
      await jest.advanceTimersByTimeAsync(1);
      // Once an export succeeds, the following batches go out back to back.
      await waitUntil(() => processor.stats().acknowledged === 30, 'all 30 spans acknowledged');
      expect(spanNamesOf(bed.sink.requests.slice(2))).toEqual([...names('first', 10), ...names('second', 10), ...names('third', 10)]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('delivers every span once a backend that refused connections comes back', async () => {
    const backend = await SwitchableBackend.start(bed.sink.url);
    try {
      await backend.down();
      const { processor, tracer } = bed.open({ url: backend.url, exportIntervalMs: 20, maxRetryDelayMs: 50 });
      endSpans(tracer, 10, 'early');
      await waitUntil(() => processor.stats().failedExports >= 2, 'two refused exports');
      endSpans(tracer, 10, 'late');
      expect(bed.sink.requests).toHaveLength(0);
      await backend.up();
      await waitUntil(() => processor.stats().acknowledged === 20, 'all 20 spans acknowledged');
      expect(spanNamesOf(bed.sink.requests)).toEqual([...names('early', 10), ...names('late', 10)]);
      expect(bed.errors).toHaveBeenCalledWith(expect.objectContaining({ code: 'ECONNREFUSED' }));
    } finally {
      await backend.down();
    }
  });

  it('forceFlush resolves when an export fails, keeping the records for later', async () => {
    bed.sink.script({ status: 503 });
    const { dir, processor, tracer } = bed.open();
    endSpans(tracer, 5, 'kept');
    await processor.forceFlush();
    expect(processor.stats()).toMatchObject({ failedExports: 1, acknowledged: 0, pending: 5 });
    expect(inspectWal(dir).pending).toBe(5);
    await processor.forceFlush();
    expect(processor.stats()).toMatchObject({ failedExports: 1, acknowledged: 5, pending: 0 });
    expect(spanNamesOf(bed.sink.requests.slice(1))).toEqual(names('kept', 5));
  });

  it('shutdown exports every pending record, closes the WAL and releases its lock; a second call does nothing more', async () => {
    const { dir, processor, sender, tracer } = bed.open();
    endSpans(tracer, 10, 'drained');
    await processor.shutdown();
    expect(spanNamesOf(bed.sink.requests)).toEqual(names('drained', 10));
    const seen = inspectWal(dir);
    expect(seen).toMatchObject({ pending: 0, acknowledgedThrough: 10, lock: undefined });
    await processor.shutdown();
    expect(sender.calls).toHaveLength(1);
  });

  it('ignores spans ended after shutdown, with one warning and a counter', async () => {
    const { dir, processor, tracer } = bed.open();
    await processor.shutdown();
    expect(() => endSpans(tracer, 3, 'late')).not.toThrow();
    expect(processor.stats()).toMatchObject({ appended: 0, droppedAfterShutdown: 3 });
    expect(bed.diag.warn.filter((m) => /shut down/.test(m))).toEqual(['agent-otel: WalSpanProcessor is shut down; spans ended after shutdown are ignored']);
    expect(inspectWal(dir).pending).toBe(0);
    expect(bed.sink.requests).toHaveLength(0);
  });
});
