/**
 * Bounded re-delivery: the checkpoint is put in place as soon as a request is acknowledged, not an
 * interval later, so a process killed after that re-sends nothing of it (the kill -9 loop in
 * test/faults/kill-loop.test.ts proves the bound across real crashes).
 */
import { readCheckpoint } from '../../src/wal/checkpoint-store';
import { WriteAheadLog } from '../../src/wal/write-ahead-log';
import { useWalProcessorTestbed } from '../helpers/wal-processor-testbed';

const HOUR = 3_600_000;

describe('WalSpanProcessor re-delivery bound', () => {
  const bed = useWalProcessorTestbed();

  it('checkpoints each acknowledged request at once, long before the checkpoint interval', async () => {
    const dir = bed.walDir();
    const { processor, tracer } = bed.open({ wal: { dir, checkpointIntervalMs: HOUR }, maxExportBatchBytes: 1000 });
    for (let i = 0; i < 12; i++) tracer.startSpan(`span-${i}`, { attributes: { 'test.padding': 'p'.repeat(200) } }).end();
    await processor.forceFlush();
    expect(bed.sink.requests.length).toBeGreaterThan(2); // several batches
    expect(readCheckpoint(dir)).toBe(12);
    // A process killed now would find nothing to re-send.
    expect(processor.stats()).toMatchObject({ acknowledged: 12, pending: 0 });
  });

  it('checkpoints what the recovery export acknowledged, also before the interval', async () => {
    const dir = bed.walDir();
    const wal = WriteAheadLog.open({ dir });
    for (let i = 0; i < 5; i++) wal.append(Buffer.from([])); // empty OTLP requests: valid, no spans
    wal.close();
    const { processor } = bed.open({ wal: { dir, checkpointIntervalMs: HOUR } });
    expect(processor.stats().recovered).toBe(5);
    await processor.forceFlush();
    expect(readCheckpoint(dir)).toBe(5);
  });
});
