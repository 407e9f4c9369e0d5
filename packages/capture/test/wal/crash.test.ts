/**
 * kill -9 safety with a real child process (test/fixtures/wal/wal-child.js, running dist/): every
 * sequence number the child printed as returned by append() must survive, unless the child had
 * acknowledged it; sequence numbers keep growing across restarts; a torn tail is repaired.
 */
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { WriteAheadLog } from '../../src/wal/write-ahead-log';
import { appendRaw, segmentFiles } from '../helpers/wal-damage';
import { WalChild } from '../helpers/wal-child';
import { WalTempDirs } from '../helpers/wal-temp-dir';

const dirs = new WalTempDirs();
afterAll(() => dirs.cleanup());

interface RoundOutput {
  appended: Map<number, string>;
  acknowledged: Set<number>;
}

function parse(lines: string[]): RoundOutput {
  const appended = new Map<number, string>();
  const acknowledged = new Set<number>();
  for (const line of lines) {
    const [kind, seq, tag] = line.split(' ');
    if (kind === 'a') appended.set(Number(seq), tag);
    else if (kind === 'k') acknowledged.add(Number(seq));
  }
  return { appended, acknowledged };
}

describe('WAL crash safety (SIGKILL)', () => {
  it('loses no appended record across repeated kill -9 at random moments', async () => {
    const dir = dirs.walDir();
    let highestPrinted = 0;
    let tornRounds = 0;
    for (let round = 0; round < 6; round++) {
      const child = new WalChild(['append', dir, `r${round}`]);
      await child.waitForLine('a ');
      await new Promise((resolve) => setTimeout(resolve, randomInt(5, 120))); // a random moment to kill
      await child.kill();
      expect((await child.exited).signal).toBe('SIGKILL');
      const { appended, acknowledged } = parse(child.lines);
      const seqs = [...appended.keys()];
      expect(seqs.length).toBeGreaterThan(0);
      expect(seqs[0]).toBeGreaterThan(highestPrinted); // monotonic across restarts
      seqs.forEach((seq, i) => i > 0 && expect(seq).toBe(seqs[i - 1] + 1));
      highestPrinted = seqs[seqs.length - 1];

      const tear = round % 2 === 1;
      if (tear) {
        // A write torn by a power cut: SIGKILL cannot produce one, so add half a frame by hand.
        const segments = segmentFiles(dir);
        appendRaw(join(dir, segments[segments.length - 1]), Buffer.from([200, 0, 0, 0, 9, 9, 9, 9, 1, 2, 3]));
        tornRounds++;
      }
      const wal = WriteAheadLog.open({ dir, onWarning: () => undefined });
      try {
        expect(wal.recovery.corruptions.map((c) => c.reason)).toEqual(tear ? [expect.stringMatching(/torn record/)] : []);
        const pending = new Map([...wal.pending()].map((r) => [r.seq, Buffer.from(r.payload).toString()]));
        let checked = 0;
        for (const [seq, tag] of appended) {
          if (acknowledged.has(seq)) continue;
          expect([seq, pending.get(seq)?.startsWith(`${tag}:`)]).toEqual([seq, true]);
          checked++;
        }
        expect(checked).toBeGreaterThan(0);
        expect(wal.stats().lastSeq).toBeGreaterThanOrEqual(highestPrinted);
      } finally {
        wal.close();
      }
    }
    expect(tornRounds).toBe(3);
  });
});
