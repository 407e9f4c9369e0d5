/**
 * What the constructor refuses, with a clear typed error: a directory another processor holds, a
 * wrong or missing encryption key, a directory that cannot be written, invalid options. And the
 * encrypted round trip: records unreadable on disk, exported as the spans that were ended.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { WalSpanProcessor } from '../../src/wal-span-processor';
import { WalKeyError, WalLockedError, WalPermissionError } from '../../src/wal/errors';
import { inspectWal } from '../../src/wal/inspect';
import { refusedUrl } from '../helpers/otlp-sink-server';
import { endSpans } from '../helpers/span-factory';
import { exporterTo, idOf, spanNamesOf, spansOf } from '../helpers/wal-processor-harness';
import { SpanWriterChild } from '../helpers/wal-processor-child';
import { useWalProcessorTestbed } from '../helpers/wal-processor-testbed';
import { canMountTmpfs, mountTmpfs, unmountTmpfs } from '../helpers/wal-tmpfs';

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

describe('WalSpanProcessor open errors and encryption', () => {
  const bed = useWalProcessorTestbed();

  it('refuses a second processor on the same directory with WalLockedError; the first keeps working', async () => {
    const first = bed.open();
    let error: unknown;
    try {
      bed.open({ wal: { dir: first.dir } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WalLockedError);
    expect((error as Error).message).toBe(
      `WAL directory ${first.dir} is locked by process ${process.pid} (this process); ` +
        'only one process may use a WAL directory: stop that process or give this one its own directory',
    );
    endSpans(first.tracer, 2, 'first');
    await first.processor.shutdown();
    expect(spanNamesOf(bed.sink.requests)).toEqual(names('first', 2));
    // Once the first one is shut down, the directory can be opened again.
    expect(() => bed.open({ wal: { dir: first.dir } })).not.toThrow();
  });

  it('refuses a directory another live process writes to; takes it over with a warning once that process was killed', async () => {
    const dir = bed.walDir();
    const env = { WAL_DIR: dir, OTLP_URL: await refusedUrl() };
    const holder = new SpanWriterChild({ ...env, MODE: 'complete', TAG: 'holder' });
    try {
      const holderPid = Number((await holder.waitForLine('ready ')).split(' ')[1]);
      await holder.waitForLine('s ');
      const second = new SpanWriterChild({ ...env, MODE: 'complete', TAG: 'second' });
      expect(await second.waitForLine('error ')).toBe(
        `error WalLockedError WAL directory ${dir} is locked by process ${holderPid}; ` +
          'only one process may use a WAL directory: stop that process or give this one its own directory',
      );
      expect((await second.exited).code).toBe(2);
      expect(bed.open.bind(bed, { wal: { dir } })).toThrow(`is locked by process ${holderPid};`);
      await holder.kill();
      const { processor } = bed.open({ wal: { dir } });
      expect(bed.diag.warn).toContainEqual(`agent-otel: WAL ${dir}: taking over the lock of process ${holderPid}, which is no longer running (it did not close the WAL)`);
      expect(processor.stats().recovered).toBeGreaterThanOrEqual(holder.printed('s').length);
      await processor.forceFlush();
      const exported = new Set(spansOf(bed.sink.requests).map(idOf));
      expect(holder.printed('s').filter((s) => !exported.has(`${s.traceId}:${s.spanId}`))).toEqual([]);
    } finally {
      await holder.kill();
    }
  });

  it('refuses a wrong or a missing key with WalKeyError and never exports garbage; the right key exports the spans', async () => {
    const key = randomBytes(32);
    const dir = bed.walDir();
    const writer = bed.open({ wal: { dir, encryptionKey: key }, url: await refusedUrl() });
    const spans = Array.from({ length: 5 }, (_, i) => writer.tracer.startSpan(`secret-${i}`, { attributes: { 'gen_ai.prompt': `prompt ${i}` } }));
    for (const span of spans) span.end();
    await writer.processor.shutdown();

    const wrong = captureError(() => bed.open({ wal: { dir, encryptionKey: randomBytes(32) } }));
    expect(wrong).toBeInstanceOf(WalKeyError);
    expect(wrong).toMatchObject({ problem: 'wrong', message: expect.stringMatching(`^the encryptionKey does not match the key WAL ${dir} was written with`) });
    const missing = captureError(() => bed.open({ wal: { dir } }));
    expect(missing).toMatchObject({ name: 'WalKeyError', problem: 'missing', message: `WAL ${dir} is encrypted: pass the encryptionKey it was written with` });
    expect(bed.sink.requests).toHaveLength(0);
    expect(inspectWal(dir).lock).toBeUndefined(); // the refused opens left the directory unlocked

    const reader = bed.open({ wal: { dir, encryptionKey: key } });
    expect(reader.processor.stats().recovered).toBe(5);
    await reader.processor.forceFlush();
    const exported = spansOf(bed.sink.requests);
    expect(exported.map(idOf)).toEqual(spans.map(idOf));
    expect(exported.map((s) => s.attributes.find(([k]) => k === 'gen_ai.prompt')?.[1])).toEqual(names('prompt', 5).map((p) => ({ string: p.replace('-', ' ') })));
  });

  it('keeps encrypted records unreadable on disk and exports them decrypted', async () => {
    const { dir, processor, tracer } = bed.open({ wal: { encryptionKey: randomBytes(32) } });
    tracer.startSpan('plain-name-that-must-not-leak', { attributes: { 'gen_ai.prompt': 'card 4111 1111 1111 1111' } }).end();
    const onDisk = Buffer.concat(inspectWal(dir).segments.map((s) => readFileSync(join(dir, s.name))));
    expect(onDisk.length).toBeGreaterThan(0);
    expect(onDisk.includes('plain-name-that-must-not-leak')).toBe(false);
    expect(onDisk.includes('4111')).toBe(false);
    await processor.forceFlush();
    expect(spanNamesOf(bed.sink.requests)).toEqual(['plain-name-that-must-not-leak']);
  });

  (canMountTmpfs ? it : it.skip)('refuses a directory that cannot be written with WalPermissionError', () => {
    const mount = mountTmpfs(64, true) as string;
    try {
      const error = captureError(() => bed.open({ wal: { dir: join(mount, 'wal') } }));
      expect(error).toBeInstanceOf(WalPermissionError);
      expect((error as Error).message).toMatch(new RegExp(`^WAL directory ${join(mount, 'wal')} is not usable: .*read-only file system.*; choose a writable local directory`));
    } finally {
      unmountTmpfs(mount);
    }
  });

  it('rejects invalid options with a TypeError naming the option', () => {
    const sender = exporterTo('http://127.0.0.1:9/v1/traces');
    const dir = bed.walDir();
    const cases: [unknown, RegExp][] = [
      [undefined, /options must be an object/],
      [{ sender }, /option wal.dir \(the WAL directory\) is required/],
      [{ wal: { dir: '' }, sender }, /option wal.dir/],
      [{ wal: { dir } }, /option sender must have sendEncoded\(bytes\)/],
      [{ wal: { dir }, sender: {} }, /option sender must have sendEncoded/],
      [{ wal: { dir }, sender, exportIntervalMs: 0 }, /option exportIntervalMs must be a positive number, got 0/],
      [{ wal: { dir }, sender, confirmTimeoutMs: -1 }, /option confirmTimeoutMs must be a positive number, got -1/],
      [{ wal: { dir }, sender, maxRetryDelayMs: NaN }, /option maxRetryDelayMs must be a positive number, got NaN/],
      // Longer delays overflow setTimeout, which then fires after 1 ms.
      [{ wal: { dir }, sender, confirmTimeoutMs: 3_000_000_000 }, /option confirmTimeoutMs must be at most 2147483647 ms \(the longest timer\), got 3000000000/],
      [{ wal: { dir }, sender, maxQueuedBytes: '1' }, /option maxQueuedBytes must be a positive number, got 1/],
      [{ wal: { dir }, sender, maxQueuedBytes: 100, maxExportBatchBytes: 200 }, /option maxQueuedBytes must be at least maxExportBatchBytes/],
    ];
    for (const [options, message] of cases) {
      expect(() => new WalSpanProcessor(options as never)).toThrow(TypeError);
      expect(() => new WalSpanProcessor(options as never)).toThrow(message);
    }
    expect(existsSync(dir)).toBe(false); // options are checked before anything touches the disk
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
