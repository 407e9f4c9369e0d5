/**
 * kill -9 on a full disk, then a restart: the new process must open the WAL (the lock needs no free
 * block), export what is on disk first, and so get the space back for new spans.
 */
import { statfsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inspectWal } from '../../src/wal/inspect';
import { refusedUrl } from '../helpers/otlp-sink-server';
import { SpanWriterChild } from '../helpers/wal-processor-child';
import { CollectingProcessor, spanNamesOf, spansOf } from '../helpers/wal-processor-harness';
import { useWalProcessorTestbed } from '../helpers/wal-processor-testbed';
import { canMountTmpfs, mountTmpfs, unmountTmpfs } from '../helpers/wal-tmpfs';

/** Runs a complete-mode child against a dead backend until the disk under `dir` is full, then kills it. */
async function fillAndKill(dir: string, mount: string): Promise<number> {
  const child = new SpanWriterChild({ WAL_DIR: dir, OTLP_URL: await refusedUrl(), MODE: 'complete', TAG: 'full' });
  await child.waitForLine('ready ');
  const deadline = Date.now() + 30000;
  while (statfsSync(mount).bavail > 0 && Date.now() < deadline) await sleep(20);
  await sleep(50); // a few spans more are refused by the full disk
  await child.kill();
  return child.printed('s').length;
}

describe('WalSpanProcessor restarted on a full disk', () => {
  const bed = useWalProcessorTestbed();

  (canMountTmpfs ? it : it.skip)('opens, exports the records on disk first, and then captures new spans in the freed space', async () => {
    const mount = mountTmpfs(512) as string;
    let opened: ReturnType<typeof bed.open> | undefined;
    try {
      const dir = join(mount, 'wal');
      await fillAndKill(dir, mount);
      expect(statfsSync(mount).bavail).toBe(0);
      const onDisk = inspectWal(dir).pending;
      expect(onDisk).toBeGreaterThan(100);

      const fallback = new CollectingProcessor();
      opened = bed.open({ fallback, wal: { dir } });
      const { processor, tracer } = opened;
      expect(processor.stats().recovered).toBe(onDisk);
      await processor.forceFlush();
      expect(spansOf(bed.sink.requests)).toHaveLength(onDisk);
      expect(processor.stats()).toMatchObject({ acknowledged: onDisk, pending: 0 });

      for (let i = 0; i < 50; i++) tracer.startSpan(`after-${i}`, { attributes: { 'test.padding': 'p'.repeat(500) } }).end();
      expect(processor.stats()).toMatchObject({ appended: 50, degraded: 0 });
      expect(fallback.ended).toEqual([]);
      await processor.forceFlush();
      expect(spanNamesOf(bed.sink.requests).slice(onDisk)).toEqual(Array.from({ length: 50 }, (_, i) => `after-${i}`));
      await processor.shutdown();
      expect(inspectWal(dir)).toMatchObject({ pending: 0, corruptions: [], lock: undefined });
    } finally {
      await opened?.processor.shutdown(); // releases the files so the tmpfs can be unmounted
      unmountTmpfs(mount);
    }
  });
});
