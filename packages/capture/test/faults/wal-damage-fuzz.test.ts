/**
 * Fuzzed WAL damage: a closed WAL (plain or encrypted, several segments, part of it acknowledged)
 * is copied and damaged the way crashes, bad disks and people do, one to three damages at a time,
 * chosen by a seed: flipped bytes (with or without a recomputed CRC), torn and zero-filled ranges,
 * garbage tails, deleted, duplicated and swapped segments, damaged or replaced checkpoints, meta and
 * lock files, leftover temp files. Each damaged copy is then opened.
 *
 * Checked for every trial: open() never throws (except the typed WalError for an encrypted WAL
 * whose meta.json, holding the key salt, is gone) and never hangs; every record it yields is
 * byte-identical to the one appended with that sequence number (no garbage); every record lost
 * below the newest surviving one is reported (a corruption in `recovery`; a lost tail cannot be told
 * from records never written); appending continues after every sequence number on
 * disk; and a second open finds nothing more to repair and the same records.
 */
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WalError } from '../../src/wal/errors';
import { readFrameHeader, RECORD_HEADER_BYTES, sealRecordCrc } from '../../src/wal/format';
import { WriteAheadLog } from '../../src/wal/write-ahead-log';
import { faultRun, type FaultRun } from '../helpers/fault-seed';
import { WalTempDirs } from '../helpers/wal-temp-dir';
import { canMountTmpfs, mountTmpfs, unmountTmpfs } from '../helpers/wal-tmpfs';

const TRIALS = Number(process.env.FAULT_FUZZ_TRIALS || 520);
const RECORDS = 60;
const ACKNOWLEDGED = 17;
const KEY = Buffer.alloc(32, 7);

/** The payload of record `seq` of the base WAL (sizes vary, some large, some empty). */
const payloadOf = (seq: number): Buffer => Buffer.from(`rec-${seq}:${'x'.repeat((seq * 53) % 400)}`);

/** Damages the WAL copy in `dir`; returns what it hit. */
type Damage = (dir: string, run: FaultRun, encrypted: boolean) => string;

const segments = (dir: string): string[] =>
  readdirSync(dir)
    .filter((n) => n.endsWith('.wal'))
    .sort();
const pick = <T>(run: FaultRun, items: readonly T[]): T => items[run.int(0, items.length - 1)];

/** Offsets of the frames of a segment as written (before any damage in this trial). */
function frameOffsets(data: Buffer): number[] {
  const out: number[] = [];
  for (let off = 0; off + RECORD_HEADER_BYTES <= data.length;) {
    const header = readFrameHeader(data, off);
    if (off + RECORD_HEADER_BYTES + header.bodyLength > data.length) break;
    out.push(off);
    off += RECORD_HEADER_BYTES + header.bodyLength;
  }
  return out;
}

function mutateSegment(dir: string, run: FaultRun, mutate: (data: Buffer, frames: number[]) => Buffer | void): string {
  const names = segments(dir);
  if (names.length === 0) return 'no segment left';
  const name = pick(run, names);
  const path = join(dir, name);
  const data = readFileSync(path);
  const result = mutate(data, frameOffsets(data)) ?? data;
  writeFileSync(path, result);
  return name;
}

const DAMAGES: Record<string, Damage> = {
  flipByte: (dir, run) =>
    mutateSegment(dir, run, (data) => {
      if (data.length > 0) data[run.int(0, data.length - 1)] ^= 1 << run.int(0, 7);
    }),
  flipKeepCrc: (dir, run, encrypted) =>
    mutateSegment(dir, run, (data, frames) => {
      if (frames.length === 0) return;
      const frame = pick(run, frames);
      const header = readFrameHeader(data, frame);
      // The sequence, flags or reserved bytes; in an encrypted WAL also the length and the body, which
      // its authentication tag covers (in a plain record, a changed length or body under a
      // recomputed CRC is a forgery that no check can see).
      const covered = encrypted ? [0, 1, ...(header.bodyLength > 0 ? [RECORD_HEADER_BYTES + run.int(0, header.bodyLength - 1)] : [])] : [];
      const choices = [8, 9, 12, 16, 17, 19, ...covered];
      data[frame + pick(run, choices)] ^= 1 << run.int(0, 7);
      const length = readFrameHeader(data, frame).bodyLength;
      if (frame + RECORD_HEADER_BYTES + length <= data.length) sealRecordCrc(data.subarray(frame), RECORD_HEADER_BYTES + length);
    }),
  truncate: (dir, run) => mutateSegment(dir, run, (data) => data.subarray(0, run.int(0, Math.max(0, data.length - 1)))),
  zeroRange: (dir, run) =>
    mutateSegment(dir, run, (data) => {
      if (data.length === 0) return;
      const from = run.int(0, data.length - 1);
      data.fill(0, from, Math.min(data.length, from + run.int(1, 300)));
    }),
  garbageTail: (dir, run) => mutateSegment(dir, run, (data) => Buffer.concat([data, Buffer.from(Array.from({ length: run.int(1, 200) }, () => run.int(0, 255)))])),
  hugeLength: (dir, run) =>
    mutateSegment(dir, run, (data, frames) => {
      if (frames.length > 0) data.writeUInt32LE(pick(run, [0x7fffffff, 0xffffffff, data.length * 2]), pick(run, frames));
    }),
  deleteSegment: (dir, run) => {
    const names = segments(dir);
    if (names.length === 0) return 'no segment left';
    const name = pick(run, names);
    unlinkSync(join(dir, name));
    return name;
  },
  duplicateSegment: (dir, run) => {
    const names = segments(dir);
    if (names.length === 0) return 'no segment left';
    const from = pick(run, names);
    const to = String(Number(from.slice(0, 20)) + run.int(1, 30)).padStart(20, '0') + '.wal';
    if (!existsSync(join(dir, to))) cpSync(join(dir, from), join(dir, to));
    return `${from} -> ${to}`;
  },
  swapSegments: (dir, run) => {
    const names = segments(dir);
    if (names.length < 2) return 'fewer than two segments';
    const a = pick(run, names);
    const b = pick(
      run,
      names.filter((n) => n !== a),
    );
    renameSync(join(dir, a), join(dir, 'swap'));
    renameSync(join(dir, b), join(dir, a));
    renameSync(join(dir, 'swap'), join(dir, b));
    return `${a} <-> ${b}`;
  },
  checkpointGarbage: (dir, run) => {
    writeFileSync(join(dir, 'checkpoint'), Buffer.from(Array.from({ length: run.int(0, 40) }, () => run.int(0, 255))));
    return 'checkpoint';
  },
  checkpointFlip: (dir, run) => {
    const path = join(dir, 'checkpoint');
    if (!existsSync(path)) return 'no checkpoint';
    const data = readFileSync(path);
    data[run.int(0, data.length - 1)] ^= 1 << run.int(0, 7);
    writeFileSync(path, data);
    return 'checkpoint';
  },
  checkpointDeleted: (dir) => {
    rmSync(join(dir, 'checkpoint'), { force: true });
    return 'checkpoint';
  },
  metaGarbage: (dir, run) => {
    writeFileSync(join(dir, 'meta.json'), pick(run, ['', '{', '{"format":"agent-otel-wal","version":9}', 'null', '[]']));
    return 'meta.json';
  },
  metaDeleted: (dir) => {
    rmSync(join(dir, 'meta.json'), { force: true });
    return 'meta.json';
  },
  lockGarbage: (dir, run) => {
    rmSync(join(dir, 'lock'), { force: true });
    if (run.random() < 0.5) symlinkSync(pick(run, ['garbage', '1:2:3:4', '99999999:1:abcdef012345:0a0a0a0a0a0a', 'x:y']), join(dir, 'lock'));
    else writeFileSync(join(dir, 'lock'), pick(run, ['', 'x', '-1\n', '0\n', `${2 ** 31}\n`]));
    return 'lock';
  },
  leftoverTemp: (dir, run) => {
    const name = pick(run, ['checkpoint.1.ab.tmp', 'meta.json.2.cd.tmp', 'lock.99999999.ef.tmp', 'lock.0a0a0a0a0a0a.takeover']);
    rmSync(join(dir, name), { force: true }); // the same damage twice in one trial
    if (name.endsWith('takeover')) symlinkSync('99999999:1:abcdef012345:0b0b0b0b0b0b', join(dir, name));
    else writeFileSync(join(dir, name), 'partial');
    return name;
  },
};

/** Writes the base WAL: RECORDS records in several segments, the first ACKNOWLEDGED acknowledged. */
function writeBase(dir: string, encryptionKey: Uint8Array | undefined): void {
  const wal = WriteAheadLog.open({ dir, segmentBytes: 2048, encryptionKey });
  for (let seq = 1; seq <= RECORDS; seq++) wal.append(payloadOf(seq));
  for (let seq = 1; seq <= ACKNOWLEDGED; seq++) wal.acknowledge(seq);
  wal.close();
}

describe('WAL damage fuzz (fault suite)', () => {
  const run = faultRun('packages/capture/test/faults/wal-damage-fuzz.test.ts');
  const dirs = new WalTempDirs();
  let root: string;
  let mounted: string | undefined;

  beforeAll(() => {
    // A tmpfs makes the fsyncs of recovery free, so the trials measure the logic, not the disk.
    mounted = canMountTmpfs ? mountTmpfs(64 * 1024) : undefined;
    root = mounted ?? dirs.make();
  });
  afterAll(() => {
    if (mounted) unmountTmpfs(mounted);
    dirs.cleanup();
  });

  it(`survives ${TRIALS} seeded damages without a crash, a hang, garbage or a silent loss`, () => {
    const bases = { plain: join(root, 'base-plain'), encrypted: join(root, 'base-encrypted') };
    writeBase(bases.plain, undefined);
    writeBase(bases.encrypted, KEY);
    const kinds = Object.keys(DAMAGES);
    const used = new Map<string, number>();
    const problems: object[] = [];
    let lostRecords = 0;
    let reportedTrials = 0;
    const started = Date.now();
    for (let trial = 0; trial < TRIALS; trial++) {
      const encrypted = run.random() < 0.3;
      const key = encrypted ? KEY : undefined;
      const dir = join(root, `trial-${trial}`);
      cpSync(encrypted ? bases.encrypted : bases.plain, dir, { recursive: true, verbatimSymlinks: true });
      const applied: string[] = [];
      for (let n = run.int(1, 3); n > 0; n--) {
        const kind = pick(run, kinds);
        used.set(kind, (used.get(kind) ?? 0) + 1);
        applied.push(`${kind}(${DAMAGES[kind](dir, run, encrypted)})`);
      }
      const context = { seed: run.seed, trial, encrypted, applied: applied.join(', ') };

      const problem = (what: string, detail: unknown = undefined) => problems.push({ ...context, problem: what, detail });
      let wal: WriteAheadLog;
      try {
        wal = WriteAheadLog.open({ dir, encryptionKey: key, onWarning: () => undefined });
      } catch (error) {
        // Only an encrypted WAL whose meta.json (with the key salt) is gone may refuse to open.
        const allowed = error instanceof WalError && encrypted && applied.some((a) => a.startsWith('meta')) && /meta\.json/.test(String(error));
        if (!allowed) problem('open threw', String(error));
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      const watermark = wal.recovery.acknowledgedThrough;
      const records = [...wal.pending()];
      const garbage = records.filter((r) => !payloadOf(r.seq).equals(Buffer.from(r.payload))).map((r) => r.seq);
      const present = new Set(records.map((r) => r.seq));
      const lost: number[] = [];
      for (let seq = watermark + 1; seq <= RECORDS; seq++) if (!present.has(seq)) lost.push(seq);
      const reported = wal.recovery.corruptions.length > 0;
      lostRecords += lost.length;
      if (reported) reportedTrials++;
      const highest = Math.max(watermark, ...records.map((r) => r.seq));
      const next = wal.append(Buffer.from('after-damage'));
      wal.close();
      if (garbage.length > 0) problem('garbage records', garbage);
      // A lost tail (the newest segment deleted, or cut at a record boundary) looks like records
      // never written; every other loss must be reported.
      const lostBeforeTail = lost.filter((seq) => seq < highest);
      if (lostBeforeTail.length > 0 && !reported) problem('records lost without a report', lostBeforeTail);
      if (next <= highest) problem('sequence reused', { next, highest });

      const again = WriteAheadLog.open({ dir, encryptionKey: key, onWarning: () => undefined });
      const secondRecords = [...again.pending()].map((r) => r.seq);
      again.close();
      // Missing records stay missing (reported at every open until the log moves past them);
      // nothing else may be left to repair.
      const repairedAgain = again.recovery.corruptions.map((c) => c.message).filter((m) => !/are missing/.test(m));
      if (repairedAgain.length > 0) problem('second open repaired more', repairedAgain);
      const expected = [...records.map((r) => r.seq), next];
      if (secondRecords.join() !== expected.join()) problem('second open differs', { first: expected, second: secondRecords });
      rmSync(dir, { recursive: true, force: true });
    }
    const histogram = [...used]
      .sort()
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    console.log(
      `WAL damage fuzz: seed ${run.seed} (${run.replay}); ${TRIALS} trials in ${Date.now() - started} ms on ${mounted ? 'tmpfs' : tmpdir()}; ` +
        `${reportedTrials} reported damage, ${lostRecords} records lost to damage; ${problems.length} problems; damages used: ${histogram}`,
    );
    // The first problem of each kind, so one kind does not hide another.
    const firstOfKind = new Map<string, object>();
    for (const p of problems) if (!firstOfKind.has((p as { problem: string }).problem)) firstOfKind.set((p as { problem: string }).problem, p);
    expect({ seed: run.seed, count: problems.length, firstOfKind: [...firstOfKind.values()] }).toEqual({ seed: run.seed, count: 0, firstOfKind: [] });
  }, 240000);
});
