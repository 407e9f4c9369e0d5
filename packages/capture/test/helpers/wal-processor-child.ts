/**
 * Runs test/fixtures/wal-processor/span-writer.js (the compiled package from dist/) as a real child
 * process, collects what it printed, and kills it with SIGKILL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURE = join(__dirname, '..', 'fixtures', 'wal-processor', 'span-writer.js');
const COMPILED = join(__dirname, '..', '..', 'dist', 'index.js');

/** A span the child reported: its end() (or its confirmation) had returned. */
export interface PrintedSpan {
  traceId: string;
  spanId: string;
}

/** Environment of one child: see the fixture's header. */
export interface SpanWriterEnv {
  WAL_DIR: string;
  OTLP_URL: string;
  MODE: 'complete' | 'critical' | 'recover';
  TAG?: string;
  WORKERS?: string;
  KILL_AFTER?: string;
}

/** One running span-writer child. */
export class SpanWriterChild {
  readonly process: ChildProcess;
  /** Complete stdout lines so far. */
  readonly lines: string[] = [];
  /** Resolves with the exit code and signal once the child exited and its output is read. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private partial = '';
  private stderr = '';
  private readonly lineWaiters: { prefix: string; resolve: (line: string) => void }[] = [];

  constructor(env: SpanWriterEnv) {
    if (!existsSync(COMPILED)) {
      throw new Error(`${COMPILED} is missing: build first (npm run build, or npx tsc -b packages/capture)`);
    }
    this.process = spawn(process.execPath, [FIXTURE], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.process.stdout!.setEncoding('utf8').on('data', (chunk: string) => this.onData(chunk));
    this.process.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      this.process.on('exit', (code, signal) => resolve({ code, signal }));
    });
    const ended = new Promise<void>((resolve) => this.process.stdout!.on('end', resolve));
    this.exited = Promise.all([exit, ended]).then(([status]) => status);
  }

  /** Resolves with the first line starting with `prefix`; rejects (with stderr) if the child exits first. */
  waitForLine(prefix: string): Promise<string> {
    const seen = this.lines.find((line) => line.startsWith(prefix));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      this.lineWaiters.push({ prefix, resolve });
      void this.exited.then(({ code, signal }) => reject(new Error(`child exited (${code ?? signal}) before printing "${prefix}"; output: ${this.describe()}`)));
    });
  }

  /** Sends SIGKILL and waits until the child is gone and its output is read. */
  async kill(): Promise<void> {
    this.process.kill('SIGKILL');
    await this.exited;
  }

  /** Spans printed with `kind` (`s`: ended, `c`: confirmed). */
  printed(kind: 's' | 'c'): PrintedSpan[] {
    const spans: PrintedSpan[] = [];
    for (const line of this.lines) {
      const [k, traceId, spanId] = line.split(' ');
      if (k === kind) spans.push({ traceId, spanId });
    }
    return spans;
  }

  /** The last lines and stderr, for failure messages. */
  describe(): string {
    return `last lines ${JSON.stringify(this.lines.slice(-3))}, stderr ${JSON.stringify(this.stderr.slice(-2000))}`;
  }

  private onData(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() as string;
    for (const line of parts) {
      this.lines.push(line);
      for (let i = this.lineWaiters.length - 1; i >= 0; i--) {
        if (line.startsWith(this.lineWaiters[i].prefix)) this.lineWaiters.splice(i, 1)[0].resolve(line);
      }
    }
  }
}

/** Runs a `recover` child to its clean exit and returns its final stats. */
export async function runRecoveryChild(env: Omit<SpanWriterEnv, 'MODE'>): Promise<Record<string, number>> {
  const child = new SpanWriterChild({ ...env, MODE: 'recover' });
  const done = await child.waitForLine('done ');
  const { code } = await child.exited;
  if (code !== 0) throw new Error(`recovery child exited with ${code}: ${child.describe()}`);
  return JSON.parse(done.slice('done '.length)) as Record<string, number>;
}
