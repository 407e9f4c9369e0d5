/**
 * kill -9 loop in complete mode: child processes (test/fixtures/wal-processor/span-writer.js, the
 * compiled package behind a real BasicTracerProvider and the real OtlpHttpSpanExporter) end spans
 * into one WAL and are killed with SIGKILL at seeded moments, a third of them during the startup
 * recovery export; for a seeded stretch of rounds the backend is down (connections refused). The
 * backend is the project's recording OTLP/HTTP server on 127.0.0.1, so every request is counted.
 * Then a last child exports what is left and shuts down cleanly.
 *
 * Checked: no span whose end() returned is missing; and re-delivery is bounded: a span arrives again
 * only if, when it arrived before, it was in the last request of a child that was then killed (the
 * batch in flight at the crash). Every earlier request was answered and its checkpoint written
 * before the next one was sent, so it is never re-sent: at most one batch per crash.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { inspectWal } from '../../src/wal/inspect';
import { faultRun } from '../helpers/fault-seed';
import { OtlpSinkServer } from '../helpers/otlp-sink-server';
import { decodeTraceRequest } from '../helpers/otlp-proto-decoder';
import { runRecoveryChild, SpanWriterChild } from '../helpers/wal-processor-child';
import { SwitchableBackend } from '../helpers/wal-processor-switchable-backend';
import { WalTempDirs } from '../helpers/wal-temp-dir';

const ROUNDS = Number(process.env.FAULT_KILL_ROUNDS || 100);

describe('WalSpanProcessor kill -9 loop (fault suite)', () => {
  const run = faultRun('packages/capture/test/faults/kill-loop.test.ts');
  const dirs = new WalTempDirs();
  let sink: OtlpSinkServer;
  let backend: SwitchableBackend;

  beforeAll(async () => {
    sink = await OtlpSinkServer.start();
    backend = await SwitchableBackend.start(sink.url);
  });
  afterAll(async () => {
    await backend.down();
    await sink.close();
    dirs.cleanup();
  });

  it(`loses nothing and re-sends at most one batch per crash over ${ROUNDS} rounds, the backend down for some`, async () => {
    const env = { WAL_DIR: dirs.walDir(), OTLP_URL: backend.url };
    const downFrom = run.int(Math.floor(ROUNDS * 0.2), Math.floor(ROUNDS * 0.5));
    const downTo = downFrom + run.int(Math.floor(ROUNDS * 0.15), Math.floor(ROUNDS * 0.3));
    const printed: string[] = [];
    // Request index at which each window starts: window r is child r's life (r = ROUNDS: the last child).
    const windowStarts: number[] = [];
    let recoveryKills = 0;
    for (let round = 0; round < ROUNDS; round++) {
      if (round === downFrom) await backend.down();
      if (round === downTo) await backend.up();
      windowStarts.push(sink.requests.length);
      const child = new SpanWriterChild({ ...env, MODE: 'complete', TAG: `k${round}` });
      await child.waitForLine('ready ');
      const duringRecovery = run.random() < 0.35;
      if (duringRecovery) recoveryKills++;
      await sleep(duringRecovery ? run.int(0, 50) : run.int(50, 500));
      await child.kill();
      for (const { traceId, spanId } of child.printed('s')) printed.push(`${traceId}:${spanId}`);
      await sleep(50); // a request the child had fully sent is read by the sink before the next window
    }
    windowStarts.push(sink.requests.length);
    const final = await runRecoveryChild(env);

    // Every request decoded; a span seen again is a re-delivery, charged to the crash that ended the
    // window of its previous receipt, and allowed only if that receipt was in the window's last request.
    const lastRequestOf = (w: number) => windowStarts[w + 1] - 1;
    const seen = new Map<string, { count: number; window: number; request: number }>();
    const redeliveredAfterCrash = new Array<number>(ROUNDS + 1).fill(0);
    const notInFlight: { span: string; window: number; request: number }[] = [];
    let largestRequest = 0;
    let window = 0;
    sink.requests.forEach((request, index) => {
      while (window < ROUNDS && index >= windowStarts[window + 1]) window++;
      let spans = 0;
      for (const rs of decodeTraceRequest(request.body).resourceSpans) {
        for (const ss of rs.scopeSpans) {
          for (const span of ss.spans) {
            spans++;
            const id = `${span.traceId}:${span.spanId}`;
            const before = seen.get(id);
            seen.set(id, { count: (before?.count ?? 0) + 1, window, request: index });
            if (!before) continue;
            redeliveredAfterCrash[before.window]++;
            if (before.request !== lastRequestOf(before.window)) notInFlight.push({ span: id, window: before.window, request: before.request });
          }
        }
      }
      largestRequest = Math.max(largestRequest, spans);
    });
    const missing = printed.filter((id) => !seen.has(id));
    const counts = [...seen.values()].map((s) => s.count);
    const redelivered = counts.filter((n) => n > 1).length;
    const mostReceipts = Math.max(...counts);
    const duplicates = redeliveredAfterCrash.reduce((a, b) => a + b, 0);
    const worstCrash = Math.max(...redeliveredAfterCrash);
    console.log(
      `kill loop: seed ${run.seed} (${run.replay}); ${ROUNDS} rounds, backend down in rounds ${downFrom}..${downTo - 1}, ` +
        `${recoveryKills} kills during startup recovery; ${printed.length} spans ended, ${missing.length} missing; ` +
        `${sink.requests.length} requests, largest ${largestRequest} spans; ${duplicates} duplicate receipts ` +
        `(${((100 * redelivered) / Math.max(1, seen.size)).toFixed(1)} % of spans arrived more than once, one span ${mostReceipts} times), ` +
        `${(duplicates / ROUNDS).toFixed(1)} per crash on average, at most ${worstCrash} after one crash; ${notInFlight.length} re-sent that were not in flight at a crash`,
    );
    expect({ seed: run.seed, missing: missing.slice(0, 5), count: missing.length }).toEqual({ seed: run.seed, missing: [], count: 0 });
    expect(printed.length).toBeGreaterThan(ROUNDS * 10);
    expect(final).toMatchObject({ pending: 0, degraded: 0 });
    expect(inspectWal(env.WAL_DIR)).toMatchObject({ pending: 0, corruptions: [], lock: undefined });
    expect({ seed: run.seed, notInFlight: notInFlight.slice(0, 3), count: notInFlight.length }).toEqual({ seed: run.seed, notInFlight: [], count: 0 });
    expect(worstCrash).toBeLessThanOrEqual(largestRequest);
  }, 400000);
});
