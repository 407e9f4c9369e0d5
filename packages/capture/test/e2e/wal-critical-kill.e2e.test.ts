/**
 * Critical mode against a real Jaeger: `await confirmed(span.spanContext())` resolves in a child
 * process, which then kills itself with SIGKILL right after a confirmation. Every confirmed span
 * must already be in Jaeger, with no restart needed; after a last child re-exports the WAL, every
 * span whose end() returned is there too.
 */
import { inspectWal } from '../../src/wal/inspect';
import { runRecoveryChild, SpanWriterChild, type PrintedSpan } from '../helpers/wal-processor-child';
import { checkInJaeger, e2eSeed, killJaeger, randomIntIn, seededRandom, startJaeger, type Jaeger } from '../helpers/wal-processor-jaeger';
import { WalTempDirs } from '../helpers/wal-temp-dir';

const ROUNDS = 3;

describe('WalSpanProcessor critical mode under kill -9 (e2e, real Jaeger)', () => {
  const dirs = new WalTempDirs();
  let jaeger: Jaeger;

  beforeAll(async () => {
    jaeger = await startJaeger();
  });
  afterAll(async () => {
    if (jaeger) await killJaeger(jaeger);
    dirs.cleanup();
  });

  it('has every confirmed span in Jaeger when the process is killed right after a confirmation', async () => {
    const seed = e2eSeed();
    const random = seededRandom(seed);
    const env = { WAL_DIR: dirs.walDir(), OTLP_URL: `${jaeger.otlpHttpUrl}/v1/traces` };
    const ended: PrintedSpan[] = [];
    const latenciesMicros: number[] = [];
    const rounds: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const killAfter = randomIntIn(random, 10, 150);
      const child = new SpanWriterChild({ ...env, MODE: 'critical', TAG: `critical${round}`, WORKERS: '4', KILL_AFTER: String(killAfter) });
      const ready = await child.waitForLine('ready ');
      const { signal } = await child.exited;
      expect([signal, child.describe()]).toEqual(['SIGKILL', child.describe()]);
      const confirmedSpans = child.printed('c');
      expect(confirmedSpans).toHaveLength(killAfter);
      for (const line of child.lines) if (line.startsWith('c ')) latenciesMicros.push(Number(line.split(' ')[3]));
      // Before any restart: what was confirmed is in Jaeger.
      const check = await checkInJaeger(jaeger, confirmedSpans);
      expect({ seed, round, missing: check.missing }).toEqual({ seed, round, missing: [] });
      ended.push(...child.printed('s'));
      rounds.push(`round ${round}: recovered ${ready.split(' ')[2]}, ended ${child.printed('s').length}, killed after confirmation ${killAfter}`);
    }
    const final = await runRecoveryChild(env);
    const check = await checkInJaeger(jaeger, ended);
    latenciesMicros.sort((a, b) => a - b);
    const p = (q: number) => latenciesMicros[Math.min(latenciesMicros.length - 1, Math.floor(q * latenciesMicros.length))];
    console.log(
      `WAL critical kill -9 e2e: seed ${seed} (replay with WAL_E2E_SEED=${seed})\n${rounds.join('\n')}\n` +
        `confirmation latency against Jaeger (4 concurrent callers): p50 ${p(0.5)} µs, p99 ${p(0.99)} µs over ${latenciesMicros.length}\n` +
        `final child recovered ${final.recovered}; ${check.expected} spans ended, ${check.missing.length} missing`,
    );
    expect({ seed, missing: check.missing }).toEqual({ seed, missing: [] });
    expect(final).toMatchObject({ pending: 0, degraded: 0 });
    expect(inspectWal(env.WAL_DIR)).toMatchObject({ pending: 0, corruptions: [], lock: undefined });
  });
});
