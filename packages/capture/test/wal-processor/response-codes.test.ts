/**
 * What the WAL does with each backend answer (one classification: `ExportOutcome`). Outages — auth,
 * not found, timeouts, server and gateway errors — keep every record and retry; only a record the
 * backend refuses on its own, after isolation, leaves the log, into the quarantine. A local OTLP
 * sink answers as scripted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inspectWal, WriteAheadLog } from '../../src';
import { confirmed, ConfirmationError } from '../../src/confirmation';
import { QUARANTINE_DIR, REJECTIONS_FILE, type QuarantineEntry } from '../../src/wal-quarantine';
import { endSpans } from '../helpers/span-factory';
import { CRITICAL, spanNamesOf } from '../helpers/wal-processor-harness';
import { PoisonBackend } from '../helpers/poison-backend';
import { useWalProcessorTestbed } from '../helpers/wal-processor-testbed';

function quarantined(dir: string): { entries: QuarantineEntry[]; payloads: Uint8Array[] } {
  const qdir = path.join(dir, QUARANTINE_DIR);
  const entries = fs
    .readFileSync(path.join(qdir, REJECTIONS_FILE), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as QuarantineEntry);
  const log = WriteAheadLog.open({ dir: qdir });
  try {
    return { entries, payloads: [...log.pending()].map((r) => Uint8Array.prototype.slice.call(r.payload)) };
  } finally {
    log.close();
  }
}

describe('WalSpanProcessor and backend answers', () => {
  const bed = useWalProcessorTestbed();

  describe.each([401, 403, 404, 405, 408, 410, 500, 501, 502, 503, 504, 302])('HTTP %i is an outage', (status) => {
    it('keeps every record (none deleted, none quarantined) and delivers them all once the backend accepts', async () => {
      const { dir, processor, tracer } = bed.open();
      endSpans(tracer, 5, 'kept');
      bed.sink.script({ status, body: 'not now' }, { status, body: 'not now' });
      await processor.forceFlush();
      await processor.forceFlush();
      expect(processor.stats()).toMatchObject({ failedExports: 2, acknowledged: 0, pending: 5, quarantined: 0 });
      expect(inspectWal(dir).pending).toBe(5);
      await processor.forceFlush();
      expect(processor.stats()).toMatchObject({ acknowledged: 5, pending: 0, quarantined: 0 });
      expect(spanNamesOf(bed.sink.requests.slice(-1))).toEqual(['kept-0', 'kept-1', 'kept-2', 'kept-3', 'kept-4']);
      expect(fs.existsSync(path.join(dir, QUARANTINE_DIR))).toBe(false);
      // Loud, once per burst: one diag warning names the answer.
      const warnings = bed.diag.warn.filter((m) => /exporting write-ahead-log records failed/.test(m));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`HTTP ${status}`);
    });
  });

  describe('a record the backend refuses on its own', () => {
    const backends: PoisonBackend[] = [];
    const poison = async (markers: string[], status?: number): Promise<PoisonBackend> => {
      const backend = await PoisonBackend.start(markers, status);
      backends.push(backend);
      return backend;
    };
    afterEach(async () => {
      for (const b of backends.splice(0)) await b.close();
    });
    const names = (body: Buffer): string[] => spanNamesOf([{ body } as never]);

    it('is found by bisection and moved to the quarantine, bytes unchanged; its neighbours are delivered', async () => {
      const backend = await poison(['poisoned']);
      const { dir, processor, tracer } = bed.open({ url: backend.url });
      for (const name of ['good-0', 'poisoned', 'good-1']) tracer.startSpan(name).end();
      await processor.forceFlush();
      expect(processor.stats()).toMatchObject({ quarantined: 1, acknowledged: 2, pending: 0, quarantineFailures: 0 });
      // The batch, then its halves in order, down to the single poisoned record.
      expect(backend.bodies.map(names)).toEqual([['good-0', 'poisoned', 'good-1'], ['good-0', 'poisoned'], ['good-0'], ['poisoned'], ['good-1']]);
      await processor.shutdown(); // releases the quarantine's lock
      const { entries, payloads } = quarantined(dir);
      expect(entries).toEqual([expect.objectContaining({ seq: 1, walSeq: 2, status: 400, error: expect.stringMatching(/HTTP 400.*invalid span/) })]);
      expect(payloads.map((p) => Buffer.from(p))).toEqual([backend.bodies[3]]);
      expect(bed.diag.error.filter((m) => /refused a write-ahead-log record on its own/.test(m))).toHaveLength(1);
      expect(inspectWal(dir).pending).toBe(0);
    });

    it('costs O(k log n) requests: 2 bad records in a batch of 512', async () => {
      const backend = await poison(['bad-100', 'bad-400']);
      const { processor, tracer } = bed.open({ url: backend.url });
      for (let i = 0; i < 512; i++) tracer.startSpan(i === 100 || i === 400 ? `bad-${i}` : `ok-${i}`).end();
      await processor.forceFlush();
      expect(processor.stats()).toMatchObject({ quarantined: 2, acknowledged: 510, pending: 0 });
      // 1 batch + at most 2 per level per bad record (9 levels).
      expect(backend.bodies.length).toBeLessThanOrEqual(1 + 2 * 2 * 9);
    });

    it('keeps every record when the backend refuses each one alone too (nothing pins the refusal on a record)', async () => {
      const backend = await poison(['']);
      const { dir, processor, tracer } = bed.open({ url: backend.url });
      endSpans(tracer, 3, 'all');
      await processor.forceFlush();
      expect(processor.stats()).toMatchObject({ quarantined: 0, acknowledged: 0, pending: 3 });
      expect(fs.existsSync(path.join(dir, QUARANTINE_DIR))).toBe(false);
      expect(bed.diag.warn.filter((m) => /exporting write-ahead-log records failed/.test(m))).toHaveLength(1);
    });

    it('is kept while it is sent alone with no neighbour, and quarantined once a neighbour is accepted beside it', async () => {
      const backend = await poison(['lonely'], 413);
      const { dir, processor, tracer } = bed.open({ url: backend.url, maxRetryDelayMs: 1 });
      tracer.startSpan('lonely').end();
      await processor.forceFlush();
      expect(processor.stats()).toMatchObject({ quarantined: 0, pending: 1 });
      endSpans(tracer, 2, 'good');
      await processor.forceFlush();
      expect(processor.stats()).toMatchObject({ quarantined: 1, acknowledged: 2, pending: 0 });
      await processor.shutdown();
      expect(quarantined(dir).entries).toEqual([expect.objectContaining({ walSeq: 1, status: 413 })]);
    });

    it('rejects the confirmation of a critical span moved to the quarantine, naming it', async () => {
      const backend = await poison(['charge']);
      const { tracer, processor } = bed.open({ url: backend.url });
      const span = tracer.startSpan('charge', { attributes: CRITICAL });
      span.end();
      const confirmation = confirmed(span.spanContext(), { timeoutMs: 20000 });
      confirmation.catch(() => undefined);
      // Alone it is kept (an outage until a neighbour proves otherwise); then beside a neighbour.
      while (processor.stats().failedExports === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      endSpans(tracer, 1, 'neighbour');
      await processor.forceFlush();
      await expect(confirmation).rejects.toBeInstanceOf(ConfirmationError);
      await expect(confirmation).rejects.toThrow(/refused the critical span on its own; it was moved to the quarantine .*quarantine/);
    });
  });
});
