/**
 * Complete mode with the backend down: Jaeger is not running while child processes end spans and
 * are killed with SIGKILL at random moments (their exports are refused). Jaeger then comes back on
 * the same ports, a last child re-exports the WAL and shuts down cleanly, and every span whose end()
 * had returned must be in Jaeger.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { inspectWal } from '../../src/wal/inspect';
import { runRecoveryChild, SpanWriterChild, type PrintedSpan } from '../helpers/wal-processor-child';
import { checkInJaeger, e2eSeed, killJaeger, randomIntIn, seededRandom, startJaeger, type Jaeger } from '../helpers/wal-processor-jaeger';
import { WalTempDirs } from '../helpers/wal-temp-dir';

const ROUNDS = 4;
/** Spans each child ends before its kill is scheduled: the rounds together end more than 100. */
const MIN_SPANS_PER_ROUND = 30;

describe('WalSpanProcessor under kill -9 with the backend down (e2e, real Jaeger)', () => {
  const dirs = new WalTempDirs();
  let jaeger: Jaeger | undefined;

  afterAll(async () => {
    if (jaeger) await killJaeger(jaeger);
    dirs.cleanup();
  });

  it('delivers every span whose end() returned once Jaeger is back, after rounds of SIGKILL while it was down', async () => {
    const seed = e2eSeed();
    const random = seededRandom(seed);
    // Start Jaeger once to own a set of ports, then take it down for the whole run.
    const first = await startJaeger();
    const { ports } = first;
    await killJaeger(first);
    const env = { WAL_DIR: dirs.walDir(), OTLP_URL: `${first.otlpHttpUrl}/v1/traces` };
    const printed: PrintedSpan[] = [];
    const rounds: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const child = new SpanWriterChild({ ...env, MODE: 'complete', TAG: `down${round}` });
      const ready = await child.waitForLine('ready ');
      // Each round ends enough spans whatever the machine's load, then is killed at a random moment.
      const deadline = Date.now() + 30_000;
      while (child.printed('s').length < MIN_SPANS_PER_ROUND && Date.now() < deadline) await sleep(10);
      const killAfterMs = randomIntIn(random, 0, 400);
      await sleep(killAfterMs);
      await child.kill();
      expect((await child.exited).signal).toBe('SIGKILL');
      const ended = child.printed('s');
      printed.push(...ended);
      rounds.push(`round ${round}: recovered ${ready.split(' ')[2]}, ended ${ended.length}, killed ${killAfterMs} ms after ${MIN_SPANS_PER_ROUND} spans`);
    }
    // Nothing could be acknowledged: every span ended so far is still in the WAL.
    expect(inspectWal(env.WAL_DIR).pending).toBeGreaterThanOrEqual(printed.length);

    jaeger = await startJaeger(ports);
    const final = await runRecoveryChild(env);
    const check = await checkInJaeger(jaeger, printed);
    console.log(
      `WAL kill -9 with Jaeger down e2e: seed ${seed} (replay with WAL_E2E_SEED=${seed})\n${rounds.join('\n')}\n` +
        `final child recovered ${final.recovered}; ${check.expected} spans printed, ${check.missing.length} missing, ${check.duplicates} duplicates in Jaeger`,
    );
    expect(printed.length).toBeGreaterThan(100);
    expect(final.recovered).toBeGreaterThanOrEqual(printed.length);
    expect({ seed, missing: check.missing }).toEqual({ seed, missing: [] });
    expect(final).toMatchObject({ pending: 0, degraded: 0 });
    expect(inspectWal(env.WAL_DIR)).toMatchObject({ pending: 0, corruptions: [], lock: undefined });
  });
});
