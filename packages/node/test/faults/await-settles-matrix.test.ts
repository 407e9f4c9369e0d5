/**
 * Every promise of the public API settles within its documented bound, in a process with nothing
 * else on its event loop, whatever the backend does; and the code after the await runs (the
 * process does not exit mid-await). Each cell spawns a real child process (a script, as a batch job
 * would be) against a local backend behaving as named.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { BACKEND_BEHAVIOURS, startFaultyBackend, type BackendBehaviour, type FaultyBackend } from '../helpers/faulty-backend';
import { TempDirs } from '../helpers/temp-dirs';

const CHILD = path.join(__dirname, '..', 'fixtures', 'await-settles-child.cjs');
/** The timeout handed to the API under test (shutdownTimeoutMs, confirm timeoutMs, ...). */
const BOUND_MS = 1500;
/** Scheduling slack on a loaded 2-core machine. */
const SLACK_MS = 1000;
/** Children run at once. */
const PARALLEL = 3;

const SCENARIOS = [
  'sampled-shutdown',
  'complete-shutdown',
  'critical-confirmed',
  'force-flush',
  'register-shutdown',
  'provider-shutdown',
  'before-exit',
  'genai-critical',
  'sigterm',
] as const;
type Scenario = (typeof SCENARIOS)[number];

/**
 * The typed error each scenario rejects with when the backend is not accepting; `undefined` where
 * it resolves because the span is kept in the write-ahead log (counted in `pending`), not lost.
 */
const EXPECTED_ERROR: Record<Scenario, string | undefined> = {
  'sampled-shutdown': 'ExportIncompleteError',
  'complete-shutdown': undefined,
  'critical-confirmed': 'ConfirmationTimeoutError',
  'force-flush': 'ExportIncompleteError',
  'register-shutdown': undefined,
  'provider-shutdown': 'ExportIncompleteError',
  'before-exit': undefined,
  'genai-critical': 'ConfirmationTimeoutError',
  sigterm: undefined,
};

/** The ring buffer's counters that account for a span. */
interface RingCounts {
  exported: number;
  failedExport: number;
  buffered: number;
  spansInFlight: number;
}

/** The WAL's counters that account for a span. */
interface WalCounts {
  acknowledged: number;
  pending: number;
}

interface ChildLine {
  scenario: Scenario;
  outcome: 'resolved' | 'rejected' | 'exited' | 'signalled';
  sentAt?: number;
  errorName?: string;
  message?: string;
  elapsedMs: number;
  /** The counters the scenario prints: the ring buffer's, the WAL's, or both under `ring` and `wal`. */
  stats: RingCounts & WalCounts & { ring: RingCounts; wal: WalCounts };
}

interface CellResult {
  behaviour: BackendBehaviour;
  scenario: Scenario;
  code: number | null;
  signal: NodeJS.Signals | null;
  line: ChildLine | undefined;
  stderr: string;
}

function runCell(behaviour: BackendBehaviour, scenario: Scenario, url: string): Promise<CellResult> {
  // Cells run in parallel: each has its own directories.
  const dirs = new TempDirs('agent-otel-await-settles-');
  const walDir = dirs.make();
  const env = { ...process.env, AWAIT_SCENARIO: scenario, AWAIT_ENDPOINT: url, AWAIT_WAL_DIR: walDir, AWAIT_BOUND_MS: String(BOUND_MS) };
  const child = spawn(process.execPath, [CHILD], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const kill = setTimeout(() => child.kill('SIGKILL'), 30000);
  return new Promise((resolve) => {
    // 'close', not 'exit': 'exit' can come before the child's last stdout chunk has been read.
    child.on('close', (code, signal) => {
      const exitedAt = Date.now();
      clearTimeout(kill);
      dirs.cleanup();
      const first = stdout.split('\n').find((l) => l.startsWith('{'));
      const line = first ? (JSON.parse(first) as ChildLine) : undefined;
      // SIGTERM: the process ends by the re-raised signal; the time runs from the signal to the exit.
      if (line?.sentAt !== undefined) Object.assign(line, { outcome: signal ? 'signalled' : 'exited', elapsedMs: exitedAt - line.sentAt, stats: {} });
      resolve({ behaviour, scenario, code, signal, line, stderr });
    });
  });
}

async function runAll(cells: [BackendBehaviour, Scenario][], urls: Map<BackendBehaviour, string>): Promise<CellResult[]> {
  const results: CellResult[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cells.length) {
      const [behaviour, scenario] = cells[next++];
      results.push(await runCell(behaviour, scenario, urls.get(behaviour)!));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return results;
}

/** What the stats say about the one span the child ended: it is accounted for, never silently gone. */
function unaccounted(line: ChildLine): number {
  const s = line.stats;
  switch (line.scenario) {
    case 'sampled-shutdown':
      return 1 - (s.exported + s.failedExport + s.buffered + s.spansInFlight);
    case 'complete-shutdown':
    case 'critical-confirmed':
      return 1 - (s.acknowledged + s.pending);
    case 'sigterm':
      return 0; // the process ends by the signal: nothing can be printed after the shutdown
    case 'force-flush':
    case 'provider-shutdown':
    case 'before-exit':
      return 1 - (s.ring.exported + s.ring.failedExport + s.ring.buffered + s.ring.spansInFlight);
    case 'register-shutdown':
    case 'genai-critical':
      return 1 - (s.wal.acknowledged + s.wal.pending);
  }
}

describe('every await settles (child process per backend behaviour and API)', () => {
  const backends = new Map<BackendBehaviour, FaultyBackend>();
  let results: CellResult[];

  beforeAll(async () => {
    for (const behaviour of BACKEND_BEHAVIOURS) backends.set(behaviour, await startFaultyBackend(behaviour));
    const urls = new Map([...backends].map(([b, backend]) => [b, backend.url]));
    const cells = BACKEND_BEHAVIOURS.flatMap((b) => SCENARIOS.map((s) => [b, s] as [BackendBehaviour, Scenario]));
    results = await runAll(cells, urls);
    for (const r of results) {
      console.log(
        `await-settles ${r.behaviour} × ${r.scenario}: exit ${r.code}, ${r.line ? `${r.line.outcome}${r.line.errorName ? ` ${r.line.errorName}` : ''} after ${r.line.elapsedMs} ms` : 'NO LINE (exited mid-await)'}`,
      );
    }
  }, 240000);

  afterAll(async () => {
    for (const backend of backends.values()) await backend.close();
  });

  const cell = (behaviour: BackendBehaviour, scenario: Scenario): CellResult => results.find((r) => r.behaviour === behaviour && r.scenario === scenario)!;

  for (const behaviour of BACKEND_BEHAVIOURS.filter((b) => b !== 'accepts')) {
    describe(`backend ${behaviour}`, () => {
      for (const scenario of SCENARIOS) {
        const expected = EXPECTED_ERROR[scenario];
        const what = expected
          ? `rejects with ${expected}`
          : scenario === 'before-exit'
            ? 'exits 0 after the beforeExit flush, the span counted'
            : scenario === 'sigterm'
              ? 'ends by the re-raised SIGTERM after the flush'
              : 'resolves with the span kept in the WAL';
        it(`${scenario} ${what} within ${BOUND_MS} ms (+ slack) and the code after the await runs`, () => {
          const r = cell(behaviour, scenario);
          const settled = scenario === 'before-exit' ? 'exited' : scenario === 'sigterm' ? 'signalled' : 'resolved';
          const code = scenario === 'sigterm' ? null : 0;
          const outcome = expected ? { code: 3, line: 'rejected', stderr: '' } : { code, line: settled, stderr: '' };
          expect({ code: r.code, line: r.line?.outcome, stderr: r.line ? '' : r.stderr }).toEqual(outcome);
          expect(r.line!.errorName).toBe(expected);
          expect(r.line!.elapsedMs).toBeLessThanOrEqual(BOUND_MS + SLACK_MS);
          if (scenario === 'sigterm') expect(r.signal).toBe('SIGTERM');
          expect(unaccounted(r.line!)).toBe(0);
          if (scenario === 'register-shutdown') expect(r.line!.stats.wal.pending).toBe(1);
          if (scenario === 'complete-shutdown') expect(r.line!.stats.pending).toBe(1);
        });
      }
    });
  }

  describe('backend accepts', () => {
    for (const scenario of SCENARIOS) {
      it(`${scenario} resolves and the process exits 0`, () => {
        const r = cell('accepts', scenario);
        const settled = scenario === 'before-exit' ? 'exited' : scenario === 'sigterm' ? 'signalled' : 'resolved';
        const code = scenario === 'sigterm' ? null : 0;
        expect({ code: r.code, outcome: r.line?.outcome, message: r.line?.message }).toEqual({ code, outcome: settled, message: undefined });
        if (scenario === 'sigterm') expect(r.signal).toBe('SIGTERM');
        expect(unaccounted(r.line!)).toBe(0);
      });
    }
  });
});
