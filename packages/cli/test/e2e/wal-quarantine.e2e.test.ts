/**
 * `agent-otel wal quarantine list|replay` through the compiled executable: a real WalSpanProcessor
 * moves a record the backend refuses on its own into the quarantine; the CLI lists it, a replay
 * against a backend that still refuses it leaves it there, a replay against one that accepts it
 * delivers it, byte for byte.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { OtlpHttpSpanExporter, WalSpanProcessor } from '@agent-otel/capture';
import { RecordingServer } from '../helpers/recording-server';
import { TempDirs } from '../helpers/temp-dirs';

const BIN = join(__dirname, '..', '..', 'dist', 'bin.js');
const dirs = new TempDirs();
afterAll(() => dirs.cleanup());

/** Runs the executable without blocking this process's event loop (the recorder answers meanwhile). */
function run(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

describe('agent-otel wal quarantine (e2e)', () => {
  let backend: RecordingServer;
  beforeAll(async () => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build first (npm run build, or npx tsc -b packages/cli)`);
    backend = await RecordingServer.start();
  });
  afterAll(() => backend.close());

  it('lists a record the backend refused on its own, keeps it through a refused replay, and delivers it on an accepted one', async () => {
    const dir = dirs.walDir();
    const url = `${backend.origin}/v1/traces`;
    // The batch of three is refused, then its first half, then the first record alone; the rest is accepted.
    backend.script({ status: 400 }, { status: 400 }, { status: 400 });
    const wal = new WalSpanProcessor({ wal: { dir }, sender: new OtlpHttpSpanExporter({ url, retry: { maxAttempts: 1 } }), exportIntervalMs: 3600000 });
    const provider = new BasicTracerProvider({ spanProcessors: [wal] });
    const tracer = provider.getTracer('quarantine-e2e');
    for (const name of ['refused', 'fine-1', 'fine-2']) tracer.startSpan(name).end();
    await provider.shutdown();
    expect(wal.stats()).toMatchObject({ quarantined: 1, acknowledged: 2, pending: 0 });
    const refusedBody = backend.requests[2].body;

    const listed = await run('wal', 'quarantine', 'list', dir, '--json');
    expect({ status: listed.status, stderr: listed.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(listed.stdout)).toEqual({
      dir: join(dir, 'quarantine'),
      records: [expect.objectContaining({ seq: 1, walSeq: 1, status: 400, error: expect.stringContaining('HTTP 400') })],
    });
    const text = await run('wal', 'quarantine', 'list', dir);
    expect(text.stdout).toMatch(/1 quarantined record in .*quarantine:\n {2}#1 \(WAL record 1\) at .*: HTTP 400/);

    backend.script({ status: 400 });
    const refused = await run('wal', 'quarantine', 'replay', dir, '--endpoint', backend.origin);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/was not accepted: .*HTTP 400/);
    expect(JSON.parse((await run('wal', 'quarantine', 'list', dir, '--json')).stdout).records).toHaveLength(1);

    const before = backend.requests.length;
    const accepted = await run('wal', 'quarantine', 'replay', dir, '--endpoint', backend.origin);
    expect({ status: accepted.status, stderr: accepted.stderr }).toMatchObject({ status: 0 });
    expect(accepted.stdout).toMatch(/replayed 1 records .* 0 records left pending/);
    expect(backend.requests.slice(before).map((r) => r.body)).toEqual([refusedBody]);
    expect(JSON.parse((await run('wal', 'quarantine', 'list', dir, '--json')).stdout).records).toEqual([]);
  });

  it('says so when a WAL has no quarantine', async () => {
    const dir = dirs.walDir();
    const listed = await run('wal', 'quarantine', 'list', dir);
    expect({ status: listed.status, stdout: listed.stdout }).toEqual({ status: 0, stdout: `no quarantined records in ${join(dir, 'quarantine')}\n` });
  });
});
