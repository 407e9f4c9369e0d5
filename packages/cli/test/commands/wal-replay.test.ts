import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inspectWal } from '@agent-otel/capture';
import { walReplay, WalReplayError } from '../../src/commands/wal-replay';
import { runCli } from '../../src/program';
import { MemoryOutput } from '../helpers/memory-output';
import { RecordingServer } from '../helpers/recording-server';
import { encodeEach, makeTrace, writeWal } from '../helpers/span-wal';
import { TempDirs } from '../helpers/temp-dirs';
import { WalHolder } from '../helpers/wal-holder';

const dirs = new TempDirs();
let recorder: RecordingServer;

beforeEach(async () => {
  recorder = await RecordingServer.start();
});

afterEach(async () => {
  await recorder.close();
  dirs.cleanup();
});

const KEY = Buffer.alloc(32, 11);
const payloads = encodeEach(makeTrace(4)); // 5 spans, 5 records

async function cli(...args: string[]): Promise<{ code: number; output: MemoryOutput }> {
  const output = new MemoryOutput();
  const code = await runCli(args, output);
  return { code, output };
}

function walWith(options: { acknowledgeThrough?: number; encryptionKey?: Uint8Array } = {}): string {
  const dir = dirs.walDir();
  writeWal(dir, { payloads, ...options });
  return dir;
}

describe('agent-otel wal replay', () => {
  it('sends every pending record to <base>/v1/traces, acknowledges them, and leaves nothing pending', async () => {
    const dir = walWith({ acknowledgeThrough: 1 });
    const { code, output } = await cli('wal', 'replay', dir, '--endpoint', recorder.origin);
    expect(code).toBe(0);
    expect(recorder.requests).toHaveLength(1);
    const [request] = recorder.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/traces' });
    expect(request.headers['content-type']).toBe('application/x-protobuf');
    // The records above the watermark, concatenated in log order: one valid OTLP request.
    expect(request.body).toEqual(Buffer.concat(payloads.slice(1)));
    expect(output.stdout).toMatch(new RegExp(`^replayed 4 records \\(.+\\) in 1 batch to ${recorder.origin}/v1/traces; 0 records left pending$`));
    expect(output.stderr).toContain(`replaying 4 pending records from ${dir}`);
    expect(output.stderr).toMatch(/batch 1: 4 records, .* accepted · 4\/4 records/);
    expect(inspectWal(dir)).toMatchObject({ pending: 0, acknowledgedThrough: 5, lock: undefined });
  });

  it('splits the records into batches of at most --batch-bytes and reports progress per batch', async () => {
    const dir = walWith();
    const two = payloads[0].length + payloads[1].length;
    const { code, output } = await cli('wal', 'replay', dir, '--endpoint', recorder.origin, '--batch-bytes', String(two));
    expect(code).toBe(0);
    expect(recorder.requests.map((r) => r.body)).toEqual([Buffer.concat(payloads.slice(0, 2)), Buffer.concat(payloads.slice(2, 4)), payloads[4]]);
    expect(output.errLines.filter((line) => line.startsWith('batch '))).toHaveLength(3);
    expect(output.stdout).toMatch(/^replayed 5 records .* in 3 batches/);
    expect(inspectWal(dir).pending).toBe(0);
  });

  it('keeps a full traces URL as given and sends --header values', async () => {
    const dir = walWith();
    const { code } = await cli(
      'wal',
      'replay',
      dir,
      '--endpoint',
      `${recorder.origin}/custom/traces?tenant=a`,
      '--header',
      'Authorization=Bearer t0k=n',
      '--header',
      'x-tenant=acme',
    );
    expect(code).toBe(0);
    expect(recorder.requests[0].path).toBe('/custom/traces?tenant=a');
    expect(recorder.requests[0].headers).toMatchObject({ authorization: 'Bearer t0k=n', 'x-tenant': 'acme' });
  });

  it('stops at the first failed batch with exit 1, keeping it and the rest pending', async () => {
    const dir = walWith();
    recorder.script({ status: 200 }, { status: 503 });
    const { code, output } = await cli('wal', 'replay', dir, '--endpoint', recorder.origin, '--batch-bytes', '1', '--attempts', '1');
    expect(code).toBe(1);
    expect(recorder.requests).toHaveLength(2); // nothing after the failed batch was sent
    expect(output.stdout).toMatch(/^replayed 1 of 5 records .* in 1 batch .* before stopping; 4 records left pending$/);
    expect(output.stderr).toMatch(/agent-otel: batch 2 \(1 record, seq 2\) was not accepted: .*HTTP 503.*\. 4 records stay pending in /);
    expect(inspectWal(dir)).toMatchObject({ acknowledgedThrough: 1, pending: 4 });

    // The backend is back: a second replay sends exactly what was left.
    const again = await cli('wal', 'replay', dir, '--endpoint', recorder.origin);
    expect(again.code).toBe(0);
    expect(recorder.requests[2].body).toEqual(Buffer.concat(payloads.slice(1)));
    expect(inspectWal(dir).pending).toBe(0);
  });

  it('leaves everything pending when the endpoint refuses connections', async () => {
    const dir = walWith();
    const url = recorder.origin;
    await recorder.close();
    const { code, output } = await cli('wal', 'replay', dir, '--endpoint', url, '--attempts', '1');
    expect(code).toBe(1);
    expect(output.stderr).toMatch(/batch 1 \(5 records, seq 1–5\) was not accepted: .*ECONNREFUSED/);
    expect(inspectWal(dir)).toMatchObject({ acknowledgedThrough: 0, pending: 5 });
    recorder = await RecordingServer.start(); // for afterEach
  });

  it('retries a batch (up to --attempts) when the backend asks to, e.g. 503 with Retry-After', async () => {
    const dir = walWith();
    recorder.script({ status: 503, retryAfter: '0' });
    expect((await cli('wal', 'replay', dir, '--endpoint', recorder.origin)).code).toBe(0);
    expect(recorder.requests).toHaveLength(2);
    expect(inspectWal(dir).pending).toBe(0);
  });

  it('throws a WalReplayError carrying the summary when called directly', async () => {
    const dir = walWith();
    recorder.script({ status: 400 });
    const output = new MemoryOutput();
    const replay = walReplay({ dir, url: `${recorder.origin}/v1/traces`, maxAttempts: 1 }, output);
    await expect(replay).rejects.toBeInstanceOf(WalReplayError);
    const error = (await replay.catch((e: unknown) => e)) as WalReplayError;
    expect(error.exitCode).toBe(1);
    expect(error.summary).toMatchObject({ pendingBefore: 5, records: 0, batches: 0, pendingAfter: 5 });
    expect(error.message).toMatch(/HTTP 400/);
  });

  it('refuses with exit 1 while a running process holds the lock, and works once it is released', async () => {
    const dir = walWith();
    const holder = await WalHolder.start(dir);
    try {
      const { code, output } = await cli('wal', 'replay', dir, '--endpoint', recorder.origin);
      expect(code).toBe(1);
      expect(output.stderr).toBe(
        `agent-otel: cannot replay ${dir}: it is locked by running process ${holder.pid}, which re-exports its pending records itself; ` +
          'stop that process first, or look without a lock with `agent-otel wal inspect`',
      );
      expect(recorder.requests).toHaveLength(0);
    } finally {
      await holder.release();
    }
    expect((await cli('wal', 'replay', dir, '--endpoint', recorder.origin)).code).toBe(0);
    expect(inspectWal(dir).pending).toBe(0);
  });

  it('replays an encrypted WAL with its key (records sent decrypted)', async () => {
    const dir = walWith({ encryptionKey: KEY });
    const { code } = await cli('wal', 'replay', dir, '--endpoint', recorder.origin, '--key', KEY.toString('base64'));
    expect(code).toBe(0);
    expect(recorder.requests[0].body).toEqual(Buffer.concat(payloads));
    expect(inspectWal(dir, { encryptionKey: KEY }).pending).toBe(0);
  });

  it('fails with exit 1 for a wrong or missing key, sending nothing', async () => {
    const dir = walWith({ encryptionKey: KEY });
    const wrong = await cli('wal', 'replay', dir, '--endpoint', recorder.origin, '--key', Buffer.alloc(32, 12).toString('hex'));
    expect(wrong.code).toBe(1);
    expect(wrong.output.stderr).toMatch(/agent-otel: the encryptionKey does not match the key WAL .* was written with.*\(the key is given with --key or AGENT_OTEL_WAL_KEY\)/);
    const missing = await cli('wal', 'replay', dir, '--endpoint', recorder.origin);
    expect(missing.code).toBe(1);
    expect(missing.output.stderr).toMatch(/is encrypted: pass the encryptionKey/);
    expect(recorder.requests).toHaveLength(0);
    expect(inspectWal(dir, { encryptionKey: KEY }).pending).toBe(5);
  });

  it('does a dry run: reads and batches, sends and acknowledges nothing', async () => {
    const dir = walWith();
    const { code, output } = await cli('wal', 'replay', dir, '--endpoint', recorder.origin, '--dry-run', '--batch-bytes', '1');
    expect(code).toBe(0);
    expect(recorder.requests).toHaveLength(0);
    expect(output.stdout).toMatch(/^dry run: would replay 5 records .* in 5 batches to .*; nothing was sent or acknowledged$/);
    expect(output.errLines.filter((line) => line.includes('not sent (dry run)'))).toHaveLength(5);
    expect(inspectWal(dir).pending).toBe(5);
  });

  it('says there is nothing to replay when every record is acknowledged', async () => {
    const dir = walWith({ acknowledgeThrough: 5 });
    const { code, output } = await cli('wal', 'replay', dir, '--endpoint', recorder.origin);
    expect(code).toBe(0);
    expect(output.stdout).toBe(`nothing to replay: ${dir} has no pending records`);
    expect(recorder.requests).toHaveLength(0);
  });

  it('fails with exit 1 for a directory that is not a WAL, and never turns it into one', async () => {
    const empty = dirs.make();
    const { code, output } = await cli('wal', 'replay', empty, '--endpoint', recorder.origin);
    expect(code).toBe(1);
    expect(output.stderr).toMatch(/agent-otel: no WAL at /);
    expect(readdirSync(empty)).toEqual([]);
    const missing = join(empty, 'missing');
    expect((await cli('wal', 'replay', missing, '--endpoint', recorder.origin)).code).toBe(1);
    expect(readdirSync(empty)).toEqual([]);
  });

  it('stops before the next batch when interrupted (exit 130), keeping what was accepted', async () => {
    const dir = walWith();
    const controller = new AbortController();
    recorder.script({ onRequest: () => controller.abort() });
    const output = new MemoryOutput();
    const replay = walReplay({ dir, url: `${recorder.origin}/v1/traces`, batchBytes: 1, signal: controller.signal }, output);
    const error = (await replay.catch((e: unknown) => e)) as WalReplayError;
    expect(error).toBeInstanceOf(WalReplayError);
    expect(error.exitCode).toBe(130);
    expect(error.message).toMatch(/^interrupted: the remaining records stay pending/);
    expect(recorder.requests).toHaveLength(1);
    expect(inspectWal(dir)).toMatchObject({ acknowledgedThrough: 1, pending: 4, lock: undefined });
  });

  it.each([
    [['--endpoint', 'ftp://example.com'], /--endpoint must be an http: or https: URL/],
    [['--endpoint', 'http://x', '--batch-bytes', '0'], /--batch-bytes must be a whole number ≥ 1/],
    [['--endpoint', 'http://x', '--attempts', 'many'], /--attempts must be a whole number ≥ 1/],
    [['--endpoint', 'http://x', '--timeout', '-5'], /--timeout must be a whole number ≥ 1/],
    [['--endpoint', 'http://x', '--header', 'no-equals-sign'], /--header expects name=value/],
    [['--endpoint', 'http://x', '--key', 'short'], /--key must be 32 bytes/],
    [[], /required option '--endpoint <url>' not specified/],
  ])('exits 2 for a bad command line: %j', async (args, message) => {
    const dir = walWith();
    const { code, output } = await cli('wal', 'replay', dir, ...args);
    expect(code).toBe(2);
    expect(output.stderr).toMatch(message);
    expect(inspectWal(dir).pending).toBe(5);
  });
});
