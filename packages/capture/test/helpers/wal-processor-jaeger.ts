/**
 * Checks spans against a real Jaeger, starts and stops it for the crash tests, and supplies the
 * seeded randomness (the kill moments) those tests log so a failure can be replayed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { PrintedSpan } from './wal-processor-child';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const jaegerScript = require('../../../../scripts/jaeger') as { startJaeger(options?: { ports?: JaegerPorts }): Promise<Jaeger> };

/** The ports of a Jaeger, to restart it on the same ones. */
export type JaegerPorts = Record<'otlpHttp' | 'otlpGrpc' | 'queryHttp' | 'queryGrpc' | 'health', number>;

/** A running Jaeger (scripts/jaeger.js). */
export interface Jaeger {
  otlpHttpUrl: string;
  queryUrl: string;
  ports: JaegerPorts;
  pid: number;
  stop(): Promise<void>;
}

/** Starts Jaeger, on `ports` when given (a restart). */
export function startJaeger(ports?: JaegerPorts): Promise<Jaeger> {
  return jaegerScript.startJaeger(ports ? { ports } : {});
}

/**
 * Takes Jaeger down at once with SIGKILL (a crashed backend; its in-memory store is gone) and waits
 * until it has exited. A SIGTERM stop takes ~10 s here, most of it Jaeger flushing its own telemetry.
 */
export async function killJaeger(jaeger: Jaeger): Promise<void> {
  try {
    process.kill(jaeger.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  await jaeger.stop(); // resolves once the process has exited
}

/** Result of {@link checkInJaeger}. */
export interface JaegerCheck {
  /** Distinct printed spans. */
  expected: number;
  /** Printed spans Jaeger does not have: must be empty. */
  missing: PrintedSpan[];
  /** Spans Jaeger holds more than once (at-least-once delivery allows it). */
  duplicates: number;
}

/** The OTLP/JSON subset of Jaeger's `/api/v3/traces/{id}` answer that the checks read. */
interface StoredTrace {
  result?: { resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: Array<{ spanId: string }> }> }> };
}

/**
 * The span ids (hex) Jaeger holds for `traceId`, one per stored copy; empty while it does not
 * know the trace. Read from Jaeger v2's query API, so the capture tests need no other package.
 */
async function storedSpanIds(queryUrl: string, traceId: string): Promise<string[]> {
  const url = `${queryUrl.replace(/\/+$/, '')}/api/v3/traces/${encodeURIComponent(traceId)}`;
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  if (res.status === 404) return [];
  if (res.status !== 200) throw new Error(`Jaeger query ${url} answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as StoredTrace;
  return (body.result?.resourceSpans ?? []).flatMap((r) => (r.scopeSpans ?? []).flatMap((s) => (s.spans ?? []).map((span) => span.spanId)));
}

/**
 * Polls Jaeger (by trace id) until it holds every printed span or `timeoutMs` passes, and reports
 * which are missing. Jaeger stores spans a little after accepting them (its batch processor).
 */
export async function checkInJaeger(jaeger: Pick<Jaeger, 'queryUrl'>, printed: readonly PrintedSpan[], timeoutMs = 20000): Promise<JaegerCheck> {
  const byTrace = new Map<string, Set<string>>();
  for (const { traceId, spanId } of printed) {
    if (!byTrace.has(traceId)) byTrace.set(traceId, new Set());
    byTrace.get(traceId)!.add(spanId);
  }
  const expected = [...byTrace.values()].reduce((n, ids) => n + ids.size, 0);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const missing: PrintedSpan[] = [];
    let duplicates = 0;
    for (const [traceId, ids] of byTrace) {
      const stored = await storedSpanIds(jaeger.queryUrl, traceId);
      duplicates += stored.length - new Set(stored).size;
      const have = new Set(stored);
      for (const spanId of ids) if (!have.has(spanId)) missing.push({ traceId, spanId });
    }
    if (missing.length === 0 || Date.now() >= deadline) return { expected, missing, duplicates };
    await sleep(250);
  }
}

/** The seed of this run: `WAL_E2E_SEED` when set (to replay a failure), else a fresh one. */
export function e2eSeed(): number {
  const fromEnv = process.env.WAL_E2E_SEED;
  return fromEnv ? Number(fromEnv) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
}

export { seededRandom } from '../../../../test/helpers/seeded-random';

/** An integer in [min, max] from `random`. */
export function randomIntIn(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
