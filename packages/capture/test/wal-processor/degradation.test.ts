/**
 * When the WAL refuses a span (disk bound hit, disk full), the span goes to the fallback pipeline,
 * counted, with one diag message per burst; end() never throws; a refused critical span cannot be
 * confirmed and says why.
 */
import { join } from 'node:path';
import { confirmed, ConfirmationError } from '../../src/confirmation';
import { inspectWal } from '../../src/wal/inspect';
import { refusedUrl } from '../helpers/otlp-sink-server';
import { CollectingProcessor, CRITICAL, spanNamesOf } from '../helpers/wal-processor-harness';
import { SwitchableBackend } from '../helpers/wal-processor-switchable-backend';
import { useWalProcessorTestbed } from '../helpers/wal-processor-testbed';
import { canMountTmpfs, mountTmpfs, unmountTmpfs } from '../helpers/wal-tmpfs';

/** ~300 bytes per record, so a 2 KiB bound holds six. */
const PADDING = { 'test.padding': 'p'.repeat(200) };

describe('WalSpanProcessor degradation', () => {
  const bed = useWalProcessorTestbed();

  it('sends spans the full WAL refuses to the fallback, counts them, warns once per burst, and never throws from end()', async () => {
    const backend = await SwitchableBackend.start(bed.sink.url);
    try {
      await backend.down();
      const fallback = new CollectingProcessor();
      const { dir, processor, tracer } = bed.open({ url: backend.url, fallback, wal: { maxBytes: 2048, segmentBytes: 512, checkpointIntervalMs: 1 } });
      const ended: string[] = [];
      expect(() => {
        for (let i = 0; i < 20; i++) {
          tracer.startSpan(`burst-${i}`, { attributes: PADDING }).end();
          ended.push(`burst-${i}`);
        }
      }).not.toThrow();
      const { appended, degraded } = processor.stats();
      expect(appended).toBeGreaterThan(2);
      expect(appended + degraded).toBe(20);
      expect(fallback.ended.map((s) => s.name)).toEqual(ended.slice(appended));
      expect(inspectWal(dir).totalBytes).toBeLessThanOrEqual(2048);
      const refusals = () => bed.diag.error.filter((m) => /write-ahead log refused/.test(m));
      expect(refusals()).toEqual([
        expect.stringMatching(/^agent-otel: the write-ahead log refused a span \(WAL is full: .* maxBytes 2048 .*\); it goes to the sampled pipeline instead$/),
      ]);

      // The backend comes back: what the WAL holds is exported, the space is freed, and spans are captured again.
      await backend.up();
      await processor.forceFlush();
      expect(spanNamesOf(bed.sink.requests)).toEqual(ended.slice(0, appended));
      tracer.startSpan('after-recovery', { attributes: PADDING }).end();
      expect(processor.stats()).toMatchObject({ appended: appended + 1, degraded });
      await processor.shutdown();
      expect(refusals()).toEqual([expect.anything(), `agent-otel: ${degraded} spans went to the sampled pipeline because the write-ahead log refused them (${degraded} in total)`]);
    } finally {
      await backend.down();
    }
  });

  it('counts and drops refused spans when there is no fallback', async () => {
    const { processor, tracer } = bed.open({ url: await refusedUrl(), wal: { maxBytes: 1024, segmentBytes: 512 } });
    for (let i = 0; i < 10; i++) tracer.startSpan(`dropped-${i}`, { attributes: PADDING }).end();
    expect(processor.stats().appended + processor.stats().degraded).toBe(10);
    expect(processor.stats().degraded).toBeGreaterThan(0);
  });

  it('rejects the confirmation of a critical span the full WAL refused, saying why', async () => {
    const fallback = new CollectingProcessor();
    const { processor, tracer } = bed.open({ url: await refusedUrl(), fallback, wal: { maxBytes: 1024, segmentBytes: 512 } });
    for (let i = 0; i < 6; i++) tracer.startSpan(`filler-${i}`, { attributes: PADDING }).end();
    const span = tracer.startSpan('refused-critical', { attributes: { ...CRITICAL, ...PADDING } });
    span.end();
    expect(fallback.ended.map((s) => s.name)).toContain('refused-critical');
    expect(processor.stats().critical).toBe(0);
    const error = await confirmed(span.spanContext()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfirmationError);
    expect((error as Error).message).toMatch(new RegExp(`^agent-otel: critical span ${span.spanContext().spanId} was not written to the WAL: WAL is full: .*raise maxBytes$`));
  });

  (canMountTmpfs ? it : it.skip)('degrades on a full disk (ENOSPC) the same way, leaving no torn record', async () => {
    const mount = mountTmpfs(128) as string;
    let opened: ReturnType<typeof bed.open> | undefined;
    try {
      const fallback = new CollectingProcessor();
      const dir = join(mount, 'wal');
      opened = bed.open({ url: await refusedUrl(), fallback, wal: { dir } });
      const { processor, tracer } = opened;
      const big = { 'test.padding': 'x'.repeat(10_000) };
      for (let i = 0; i < 40 && processor.stats().degraded === 0; i++) {
        expect(() => tracer.startSpan(`fill-${i}`, { attributes: big }).end()).not.toThrow();
      }
      const { appended, degraded } = processor.stats();
      expect(degraded).toBe(1);
      expect(appended).toBeGreaterThan(3);
      expect(bed.diag.error.filter((m) => /write-ahead log refused/.test(m))).toEqual([expect.stringMatching(/ENOSPC.*the disk is full: free space or move the WAL directory/)]);
      const span = tracer.startSpan('critical-on-full-disk', { attributes: { ...CRITICAL, ...big } });
      span.end();
      await expect(confirmed(span.spanContext())).rejects.toThrow(/was not written to the WAL: .*ENOSPC/);
      expect(fallback.ended.map((s) => s.name)).toEqual([`fill-${appended}`, 'critical-on-full-disk']);
      await processor.shutdown();
      expect(inspectWal(dir)).toMatchObject({ corruptions: [], pending: appended });
    } finally {
      await opened?.processor.shutdown(); // releases the files so the tmpfs can be unmounted
      unmountTmpfs(mount);
    }
  });
});
