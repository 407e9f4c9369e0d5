/**
 * Records outliving their processor are exported by the next one on the same directory, and
 * records beyond the in-memory bound wait on disk only — none is lost either way.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { inspectWal } from '../../src/wal/inspect';
import { refusedUrl } from '../helpers/otlp-sink-server';
import { endSpans } from '../helpers/span-factory';
import { appendRaw, flipByte, frames, segmentFiles } from '../helpers/wal-damage';
import { idOf, spanNamesOf, spansOf, waitUntil } from '../helpers/wal-processor-harness';
import { useWalProcessorTestbed } from '../helpers/wal-processor-testbed';

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
/** ~300 bytes per encoded span, so a 1000-byte bound holds about three. */
const PADDING = { 'test.padding': 'p'.repeat(200) };

/** Ends `count` spans with a processor whose backend is down, shuts it down, and returns their ids. */
async function leaveUnacknowledged(bed: ReturnType<typeof useWalProcessorTestbed>, dir: string, count: number, prefix: string): Promise<string[]> {
  const { processor, provider, tracer } = bed.open({ wal: { dir, segmentBytes: 2048 }, url: await refusedUrl() });
  const memory: string[] = [];
  for (let i = 0; i < count; i++) {
    const span = tracer.startSpan(`${prefix}-${i}`, { attributes: PADDING });
    span.end();
    memory.push(idOf(span));
  }
  await processor.shutdown();
  await provider.shutdown();
  expect(processor.stats()).toMatchObject({ appended: count, acknowledged: 0, pending: count });
  expect(inspectWal(dir)).toMatchObject({ pending: count, lock: undefined });
  return memory;
}

describe('WalSpanProcessor restart and spill', () => {
  const bed = useWalProcessorTestbed();

  it('re-exports the records an earlier processor left unacknowledged, with their original ids', async () => {
    const dir = bed.walDir();
    const ids = await leaveUnacknowledged(bed, dir, 12, 'left');
    const { processor, tracer } = bed.open({ wal: { dir } });
    expect(processor.stats()).toMatchObject({ recovered: 12, pending: 12, appended: 0 });
    endSpans(tracer, 3, 'new');
    await processor.forceFlush();
    expect(spansOf(bed.sink.requests).map(idOf).slice(0, 12)).toEqual(ids);
    expect(spanNamesOf(bed.sink.requests)).toEqual([...names('left', 12), ...names('new', 3)]);
    expect(processor.stats()).toMatchObject({ recovered: 12, acknowledged: 15, pending: 0 });
  });

  it('reports flipped bytes and a torn tail through diag, naming segment and offset, and exports every intact record', async () => {
    const dir = bed.walDir();
    const ids = await leaveUnacknowledged(bed, dir, 12, 'left');
    const [first, second] = segmentFiles(dir); // ~4 records per 2 KiB segment
    const damaged = frames(join(dir, first))[2];
    flipByte(join(dir, first), damaged.offset + damaged.bytes - 1); // inside the body of record 3
    const lastSegment = segmentFiles(dir).at(-1)!;
    const tornAt = statSync(join(dir, lastSegment)).size;
    appendRaw(join(dir, lastSegment), Buffer.from([200, 0, 0, 0, 1, 2, 3])); // half a frame, as a power cut leaves it
    const cut = frames(join(dir, first))
      .slice(2)
      .map((f) => f.seq); // records 3.. of the first segment are lost

    const { processor } = bed.open({ wal: { dir } });
    expect(bed.diag.warn).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^agent-otel: WAL corruption in ${first} at offset ${damaged.offset}: crc mismatch`)),
        expect.stringMatching(new RegExp(`^agent-otel: WAL corruption in ${lastSegment} at offset ${tornAt}: torn record`)),
      ]),
    );
    expect(second).toBeDefined();
    await processor.forceFlush();
    const expected = ids.filter((_, i) => !cut.includes(i + 1));
    expect(spansOf(bed.sink.requests).map(idOf)).toEqual(expected);
    expect(processor.stats()).toMatchObject({ recovered: expected.length, acknowledged: expected.length, pending: 0 });
  });

  it('exports on the interval what it recovered, without being asked', async () => {
    const dir = bed.walDir();
    await leaveUnacknowledged(bed, dir, 5, 'left');
    const { processor } = bed.open({ wal: { dir }, exportIntervalMs: 10 });
    await waitUntil(() => processor.stats().acknowledged === 5, 'the recovered records to be acknowledged');
    expect(spanNamesOf(bed.sink.requests)).toEqual(names('left', 5));
  });

  it('counts every recovered record even when they do not all fit in memory, and exports them all', async () => {
    const dir = bed.walDir();
    await leaveUnacknowledged(bed, dir, 30, 'left');
    const { processor } = bed.open({ wal: { dir }, maxQueuedBytes: 1000, maxExportBatchBytes: 1000 });
    expect(processor.stats()).toMatchObject({ recovered: 30, pending: 30 });
    await processor.forceFlush();
    expect(spanNamesOf(bed.sink.requests)).toEqual(names('left', 30));
    expect(processor.stats()).toMatchObject({ acknowledged: 30, pending: 0 });
  });

  it('spills records beyond maxQueuedBytes to disk only and exports every one, in order, on forceFlush', async () => {
    const { processor, tracer } = bed.open({ maxQueuedBytes: 1000, maxExportBatchBytes: 1000 });
    endSpans(tracer, 60, 'spilled', PADDING);
    expect(processor.stats()).toMatchObject({ appended: 60, pending: 60 });
    await processor.forceFlush();
    expect(spanNamesOf(bed.sink.requests)).toEqual(names('spilled', 60));
    expect(processor.stats()).toMatchObject({ acknowledged: 60, pending: 0 });
  });

  it('exports spilled records in the background without waiting an interval per batch', async () => {
    const { processor, sender, tracer } = bed.open({ maxQueuedBytes: 1000, maxExportBatchBytes: 1000 });
    endSpans(tracer, 60, 'spilled', PADDING);
    // The export interval is an hour: only the size trigger and the follow-up batches can export.
    await waitUntil(() => processor.stats().acknowledged === 60, 'all 60 spilled records acknowledged');
    expect(spanNamesOf(bed.sink.requests)).toEqual(names('spilled', 60));
    expect(sender.calls.length).toBeGreaterThan(10);
  });

  it('loses none of the spilled records when exports fail on the way', async () => {
    bed.sink.script({ status: 503 }, {}, { status: 503 }, {}, { status: 503 });
    const { processor, tracer } = bed.open({ maxQueuedBytes: 1000, maxExportBatchBytes: 1000, exportIntervalMs: 5, maxRetryDelayMs: 10 });
    endSpans(tracer, 40, 'spilled', PADDING);
    await waitUntil(() => processor.stats().pending === 0, 'every spilled record acknowledged');
    const received = spanNamesOf(bed.sink.requests.filter((_, i) => i !== 0 && i !== 2 && i !== 4));
    expect(received).toEqual(names('spilled', 40));
    expect(processor.stats()).toMatchObject({ acknowledged: 40, failedExports: 3 });
  });
});
