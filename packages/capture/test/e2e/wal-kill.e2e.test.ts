/**
 * Complete mode survives kill -9, proven against a real Jaeger: a child process ends spans and is
 * killed with SIGKILL at random moments, round after round on the same WAL directory; a last child
 * re-exports what is left and shuts down cleanly. Every span whose end() had returned must then be
 * in Jaeger (compared by id; duplicates allowed, gaps never).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { inspectWal } from '../../src/wal/inspect';
import { runRecoveryChild, SpanWriterChild, type PrintedSpan } from '../helpers/wal-processor-child';
import { checkInJaeger, e2eSeed, killJaeger, randomIntIn, seededRandom, startJaeger, type Jaeger } from '../helpers/wal-processor-jaeger';
import { WalTempDirs } from '../helpers/wal-temp-dir';

const ROUNDS = 8;

describe('WalSpanProcessor under kill -9 (e2e, real Jaeger)', () => {
  const dirs = new WalTempDirs();
  let jaeger: Jaeger;

  beforeAll(async () => {
    jaeger = await startJaeger();
  });
  afterAll(async () => {
    if (jaeger) await killJaeger(jaeger);
    dirs.cleanup();
  });

  it('loses no span whose end() returned, across rounds of SIGKILL at random moments', async () => {
    const seed = e2eSeed();
    const random = seededRandom(seed);
    const env = { WAL_DIR: dirs.walDir(), OTLP_URL: `${jaeger.otlpHttpUrl}/v1/traces` };
    const printed: PrintedSpan[] = [];
    const rounds: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const child = new SpanWriterChild({ ...env, MODE: 'complete', TAG: `round${round}` });
      const ready = await child.waitForLine('ready ');
      const killAfterMs = randomIntIn(random, 0, 400);
      await sleep(killAfterMs);
      await child.kill();
      expect((await child.exited).signal).toBe('SIGKILL');
      const ended = child.printed('s');
      printed.push(...ended);
      rounds.push(`round ${round}: recovered ${ready.split(' ')[2]}, ended ${ended.length}, killed after ${killAfterMs} ms`);
    }
    const final = await runRecoveryChild(env);
    const check = await checkInJaeger(jaeger, printed);
    console.log(
      `WAL kill -9 e2e: seed ${seed} (replay with WAL_E2E_SEED=${seed})\n${rounds.join('\n')}\n` +
        `final child recovered ${final.recovered}; ${check.expected} spans printed, ${check.missing.length} missing, ${check.duplicates} duplicates in Jaeger`,
    );
    expect(printed.length).toBeGreaterThan(100);
    expect(check.expected).toBe(printed.length); // every printed id is distinct
    expect({ seed, missing: check.missing }).toEqual({ seed, missing: [] });
    expect(final).toMatchObject({ pending: 0, degraded: 0 });
    expect(inspectWal(env.WAL_DIR)).toMatchObject({ pending: 0, corruptions: [], lock: undefined });
  });
});
