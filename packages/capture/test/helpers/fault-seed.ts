/**
 * The seed of a fault test: `FAULT_SEED` when set (to replay a failure), else a fresh one. Every
 * fault test prints it with the command that replays the run.
 */
import { seededRandom } from './wal-processor-jaeger';

/** A seeded run: its seed and its generator of numbers in [0, 1). */
export interface FaultRun {
  seed: number;
  random: () => number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** `FAULT_SEED=<seed> npx jest <file>`, for the report of a failure. */
  replay: string;
}

/** Starts a seeded run for test file `file` and prints its seed. */
export function faultRun(file: string): FaultRun {
  const fromEnv = process.env.FAULT_SEED;
  const seed = fromEnv ? Number(fromEnv) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
  const random = seededRandom(seed);
  const replay = `FAULT_SEED=${seed} npx jest ${file}`;
  console.log(`${file}: seed ${seed} (replay with ${replay})`);
  return { seed, random, int: (min, max) => min + Math.floor(random() * (max - min + 1)), replay };
}
