/**
 * Lock races: a WAL is left locked by a process killed with SIGKILL, then several processes open it
 * at the same instant (released together by one start signal, with a seeded jitter of a few µs).
 * Exactly one must own the log; every other open must fail with WalLockedError naming the owner;
 * and every record the owner appended must be on disk afterwards, undamaged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { readLockHolder } from '../../src/wal/lock-file';
import { WriteAheadLog } from '../../src/wal/write-ahead-log';
import { faultRun } from '../helpers/fault-seed';
import { WalChild } from '../helpers/wal-child';
import { WalTempDirs } from '../helpers/wal-temp-dir';

const RACER = join(__dirname, '..', 'fixtures', 'faults', 'lock-racer.js');
const ROUNDS = Number(process.env.FAULT_LOCK_ROUNDS || 24);
const RACERS = 3;
const RECORDS = 200;

const dirs = new WalTempDirs();
afterAll(() => dirs.cleanup());

/** One racer process and the lines it printed. */
class Racer {
  readonly child: ChildProcess;
  readonly lines: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly waiters: (() => void)[] = [];

  constructor(dir: string, tag: string, delayMicros: number) {
    this.child = spawn(process.execPath, [RACER, dir, tag, String(RECORDS), String(delayMicros)], { stdio: ['pipe', 'pipe', 'inherit'] });
    let partial = '';
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() as string;
      this.lines.push(...parts);
      for (const wake of this.waiters.splice(0)) wake();
    });
    const ended = new Promise<void>((resolve) => this.child.stdout!.on('end', resolve));
    this.exited = Promise.all([new Promise<number | null>((resolve) => this.child.on('exit', resolve)), ended]).then(([code]) => code);
  }

  /** Resolves once the racer printed `count` lines (or exited). */
  async lineCount(count: number): Promise<void> {
    while (this.lines.length < count) {
      const exited = await Promise.race([new Promise<boolean>((resolve) => this.waiters.push(() => resolve(false))), this.exited.then(() => true)]);
      if (exited && this.lines.length < count) throw new Error(`racer exited after ${JSON.stringify(this.lines)}`);
    }
  }
}

describe('WAL lock races (fault suite)', () => {
  const run = faultRun('packages/capture/test/faults/lock-race.test.ts');

  it(`gives a stale lock to exactly one of ${RACERS} processes started together, ${ROUNDS} rounds`, async () => {
    let bothOwned = 0;
    const outcomes: string[] = [];
    // One WAL left locked by a killed process, copied afresh for every round.
    const stale = dirs.walDir();
    const holder = new WalChild(['hold', stale]);
    await holder.waitForLine('open ');
    await holder.kill();
    const staleLock = readLockHolder(stale);
    expect(staleLock).toMatchObject({ pid: holder.process.pid, alive: false });
    for (let round = 0; round < ROUNDS; round++) {
      const dir = dirs.walDir();
      cpSync(stale, dir, { recursive: true, verbatimSymlinks: true });
      const racers = Array.from({ length: RACERS }, (_, i) => new Racer(dir, `r${round}.${i}`, run.int(0, 300)));
      await Promise.all(racers.map((r) => r.lineCount(1)));
      for (const r of racers) r.child.stdin!.write('go\n'); // the start signal, to all at once
      await Promise.all(racers.map((r) => r.lineCount(2)));
      const results = racers.map((r) => r.lines[1]);
      for (const r of racers) r.child.stdin!.end();
      await Promise.all(racers.map((r) => r.exited));

      const owners = racers.filter((r) => r.lines[1].startsWith('open '));
      if (owners.length > 1) bothOwned++;
      outcomes.push(`round ${round}: ${owners.length} owner(s)`);
      const wal = WriteAheadLog.open({ dir, onWarning: () => undefined });
      const tags = new Map<string, number>();
      for (const { payload } of wal.pending()) {
        const tag = Buffer.from(payload).toString().split(':')[0];
        tags.set(tag, (tags.get(tag) ?? 0) + 1);
      }
      const corruptions = wal.recovery.corruptions.length;
      wal.close();
      const detail = { seed: run.seed, round, results, corruptions, tags: Object.fromEntries(tags) };
      expect({ ...detail, owners: owners.length }).toEqual({ ...detail, owners: 1 });
      const ownerPid = owners[0].lines[1].split(' ')[1];
      for (const r of racers) {
        if (r !== owners[0]) expect(r.lines[1]).toMatch(new RegExp(`^error WalLockedError .*locked by process ${ownerPid}\\b`));
      }
      expect({ ...detail, corruptions: 0, tags: { [`r${round}.${racers.indexOf(owners[0])}`]: RECORDS } }).toEqual(detail);
    }
    console.log(`lock races: seed ${run.seed}, ${ROUNDS} rounds of ${RACERS} racers, ${bothOwned} rounds with more than one owner`);
  }, 180000);
});
