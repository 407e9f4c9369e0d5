import { readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WalKeyError } from '@agent-otel/capture';
import { walInspect } from '../../src/commands/wal-inspect';
import type { WalInspectionJson } from '../../src/commands/wal-inspect-report';
import { runCli } from '../../src/program';
import { MemoryOutput } from '../helpers/memory-output';
import { encodeEach, makeTrace, recordOffset, RECORD_HEADER_BYTES, segmentFiles, writeWal } from '../helpers/span-wal';
import { TempDirs } from '../helpers/temp-dirs';
import { WalHolder } from '../helpers/wal-holder';

const dirs = new TempDirs();
afterEach(() => dirs.cleanup());

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 8);

async function cli(...args: string[]): Promise<{ code: number; output: MemoryOutput }> {
  const output = new MemoryOutput();
  const code = await runCli(args, output);
  return { code, output };
}

async function inspectJson(dir: string, ...extra: string[]): Promise<WalInspectionJson> {
  const { code, output } = await cli('wal', 'inspect', dir, '--json', ...extra);
  expect({ code, stderr: output.stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(output.stdout) as WalInspectionJson;
}

describe('agent-otel wal inspect', () => {
  const payloads = encodeEach(makeTrace(3)); // 4 spans, 4 records

  it('prints segments, watermark, pending records and lock state as JSON', async () => {
    const dir = dirs.walDir();
    writeWal(dir, { payloads, acknowledgeThrough: 1 });
    const bytes = payloads.reduce((sum, p) => sum + RECORD_HEADER_BYTES + p.length, 0);
    expect(await inspectJson(dir)).toEqual({
      dir,
      formatVersion: 1,
      encrypted: false,
      authenticated: false,
      segments: [{ name: '00000000000000000001.wal', bytes, validBytes: bytes, records: 4, firstSeq: 1, lastSeq: 4 }],
      totalBytes: bytes,
      acknowledgedThrough: 1,
      pending: 3,
      corruptions: [],
      lock: null,
    });
  });

  it('prints a readable report with a segment table by default', async () => {
    const dir = dirs.walDir();
    writeWal(dir, { payloads, acknowledgeThrough: 2, segmentBytes: RECORD_HEADER_BYTES + payloads[0].length });
    const { code, output } = await cli('wal', 'inspect', dir);
    expect(code).toBe(0);
    const lines = output.outLines;
    expect(lines[0]).toBe(`WAL ${dir}`);
    expect(output.stdout).toContain('format        version 1, plain records');
    expect(output.stdout).toContain('lock          none');
    expect(output.stdout).toContain('acknowledged  through seq 2');
    expect(output.stdout).toContain('pending       2 records');
    const header = lines.findIndex((line) => line.startsWith('SEGMENT'));
    expect(lines[header]).toMatch(/^SEGMENT\s+BYTES\s+VALID BYTES\s+RECORDS\s+FIRST SEQ\s+LAST SEQ$/);
    const rows = lines.slice(header + 1, lines.indexOf('', header));
    const { segments } = await inspectJson(dir);
    expect(segments.length).toBeGreaterThanOrEqual(2);
    expect(rows.map((row) => row.split(/\s+/))).toEqual(
      segments.map((s) => [s.name, String(s.bytes), String(s.validBytes), String(s.records), String(s.firstSeq), String(s.lastSeq)]),
    );
    expect(lines[lines.length - 1]).toBe('no damage found');
  });

  it('reports a torn tail: the segment, the offset of the torn record and the reason', async () => {
    const dir = dirs.walDir();
    writeWal(dir, { payloads });
    const segment = segmentFiles(dir)[0];
    const size = statSync(join(dir, segment)).size;
    truncateSync(join(dir, segment), size - 5);
    const inspection = await inspectJson(dir);
    const tornAt = recordOffset(payloads, 3);
    expect(inspection.corruptions).toEqual([{ segment, offset: tornAt, reason: expect.stringMatching(/^torn record/) }]);
    expect(inspection.segments[0]).toMatchObject({ bytes: size - 5, validBytes: tornAt, records: 3, lastSeq: 3 });
    expect(inspection.pending).toBe(3);

    const text = await cli('wal', 'inspect', dir);
    expect(text.code).toBe(0);
    expect(text.output.stdout).toContain('damage found');
    expect(text.output.stdout).toContain(`${segment} at offset ${tornAt}: ${inspection.corruptions[0].reason}`);
  });

  it('reports flipped bytes inside a record as a CRC mismatch at that record, and changes nothing', async () => {
    const dir = dirs.walDir();
    writeWal(dir, { payloads });
    const segment = join(dir, segmentFiles(dir)[0]);
    const second = recordOffset(payloads, 1);
    const data = readFileSync(segment);
    data[second + RECORD_HEADER_BYTES + 10] ^= 0xff;
    writeFileSync(segment, data);

    const inspection = await inspectJson(dir);
    expect(inspection.corruptions).toEqual([{ segment: segmentFiles(dir)[0], offset: second, reason: 'crc mismatch' }]);
    expect(inspection.segments[0]).toMatchObject({ records: 1, validBytes: second });
    expect(readFileSync(segment)).toEqual(data);
  });

  it('names the live process holding the lock', async () => {
    const dir = dirs.walDir();
    writeWal(dir, { payloads });
    const holder = await WalHolder.start(dir);
    try {
      expect((await inspectJson(dir)).lock).toEqual({ pid: holder.pid, alive: true });
      const text = await cli('wal', 'inspect', dir);
      expect(text.output.stdout).toContain(`lock          held by process ${holder.pid} (running)`);
    } finally {
      await holder.release();
    }
    expect((await inspectJson(dir)).lock).toBeNull();
  });

  it('authenticates an encrypted WAL with --key (hex or base64) and says when it could not', async () => {
    const dir = dirs.walDir();
    writeWal(dir, { payloads, encryptionKey: KEY });
    expect(await inspectJson(dir, '--key', KEY.toString('hex'))).toMatchObject({ encrypted: true, authenticated: true, pending: 4 });
    expect(await inspectJson(dir, '--key', KEY.toString('base64'))).toMatchObject({ authenticated: true });
    expect(await inspectJson(dir)).toMatchObject({ encrypted: true, authenticated: false, pending: 4 });
    const text = await cli('wal', 'inspect', dir);
    expect(text.output.stdout).toContain('records checked by CRC only (pass --key to authenticate them)');
  });

  it('takes the key from AGENT_OTEL_WAL_KEY when --key is absent', async () => {
    const dir = dirs.walDir();
    writeWal(dir, { payloads, encryptionKey: KEY });
    process.env.AGENT_OTEL_WAL_KEY = KEY.toString('hex');
    try {
      expect(await inspectJson(dir)).toMatchObject({ authenticated: true });
    } finally {
      delete process.env.AGENT_OTEL_WAL_KEY;
    }
  });

  it('fails with exit 1 and a clear message for a wrong key', async () => {
    const dir = dirs.walDir();
    writeWal(dir, { payloads, encryptionKey: KEY });
    const { code, output } = await cli('wal', 'inspect', dir, '--key', OTHER_KEY.toString('hex'));
    expect(code).toBe(1);
    expect(output.stdout).toBe('');
    expect(output.stderr).toMatch(/^agent-otel: the encryptionKey does not match the key WAL .* was written with/);
    expect(output.stderr).toContain('--key');
    expect(() => walInspect({ dir, encryptionKey: OTHER_KEY }, new MemoryOutput())).toThrow(WalKeyError);
  });

  it('fails with exit 1 for a key given to a plain WAL', async () => {
    const dir = dirs.walDir();
    writeWal(dir, { payloads });
    const { code, output } = await cli('wal', 'inspect', dir, '--key', KEY.toString('hex'));
    expect(code).toBe(1);
    expect(output.stderr).toMatch(/is not encrypted but an encryptionKey was given/);
  });

  it('fails with exit 2 for a malformed key, without printing it', async () => {
    const dir = dirs.walDir();
    writeWal(dir, { payloads });
    const { code, output } = await cli('wal', 'inspect', dir, '--key', 'abc123');
    expect(code).toBe(2);
    expect(output.stderr).toMatch(/--key must be 32 bytes/);
    expect(output.stderr).not.toContain('abc123');
  });

  it('fails with exit 1 for a directory that holds no WAL, and for a missing one, creating nothing', async () => {
    const empty = dirs.make();
    const notWal = await cli('wal', 'inspect', empty);
    expect(notWal.code).toBe(1);
    expect(notWal.output.stderr).toMatch(/^agent-otel: no WAL at .*meta\.json is missing and there are no segments/);
    expect(readdirSync(empty)).toEqual([]);

    const missing = join(dirs.make(), 'nope');
    const gone = await cli('wal', 'inspect', missing);
    expect(gone.code).toBe(1);
    expect(gone.output.stderr).toBe(`agent-otel: no WAL at ${missing}: the directory does not exist`);
  });

  it('exits 2 when DIR is missing or an option is unknown', async () => {
    expect((await cli('wal', 'inspect')).code).toBe(2);
    const unknown = await cli('wal', 'inspect', dirs.make(), '--jsn');
    expect(unknown.code).toBe(2);
    expect(unknown.output.stderr).toContain("unknown option '--jsn'");
  });

  it('reports a damaged checkpoint file', async () => {
    const dir = dirs.walDir();
    writeWal(dir, { payloads, acknowledgeThrough: 2 });
    const checkpoint = join(dir, 'checkpoint');
    const data = readFileSync(checkpoint);
    data[data.length - 1] ^= 0xff;
    writeFileSync(checkpoint, data);
    const inspection = await inspectJson(dir);
    expect(inspection.corruptions.map((c) => c.segment)).toEqual(['checkpoint']);
    expect(inspection.acknowledgedThrough).toBe(0);
  });
});
