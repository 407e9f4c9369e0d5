/** Runs test/fixtures/wal/wal-child.js (the compiled WAL from dist/) as a real child process. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURE = join(__dirname, '..', 'fixtures', 'wal', 'wal-child.js');
const COMPILED = join(__dirname, '..', '..', 'dist', 'wal', 'write-ahead-log.js');

/** A running child and the complete lines it printed. */
export class WalChild {
  readonly process: ChildProcess;
  /** Complete stdout lines so far. */
  readonly lines: string[] = [];
  /** Resolves with the exit code and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private partial = '';
  private stderr = '';
  private readonly lineWaiters: { prefix: string; resolve: (line: string) => void }[] = [];

  constructor(args: string[]) {
    if (!existsSync(COMPILED)) {
      throw new Error(`${COMPILED} is missing: build first (npm run build, or npx tsc -b packages/capture)`);
    }
    this.process = spawn(process.execPath, [FIXTURE, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stdout!.setEncoding('utf8').on('data', (chunk: string) => this.onData(chunk));
    this.process.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => {
      this.process.on('close', (code, signal) => resolve({ code, signal }));
    });
  }

  /** Resolves with the first line starting with `prefix` (or rejects if the child exits first). */
  waitForLine(prefix: string): Promise<string> {
    const seen = this.lines.find((line) => line.startsWith(prefix));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      this.lineWaiters.push({ prefix, resolve });
      void this.exited.then(({ code, signal }) => reject(new Error(`child exited (${code ?? signal}) before printing "${prefix}"; stderr: ${this.stderr}`)));
    });
  }

  /** Sends SIGKILL and waits until the child is gone (and its output is read). */
  async kill(): Promise<void> {
    this.process.kill('SIGKILL');
    await this.exited;
    await new Promise<void>((resolve) => {
      if (this.process.stdout!.readableEnded) resolve();
      else this.process.stdout!.on('end', resolve);
    });
  }

  private onData(chunk: string): void {
    const text = this.partial + chunk;
    const parts = text.split('\n');
    this.partial = parts.pop() as string;
    for (const line of parts) {
      this.lines.push(line);
      for (let i = this.lineWaiters.length - 1; i >= 0; i--) {
        if (line.startsWith(this.lineWaiters[i].prefix)) this.lineWaiters.splice(i, 1)[0].resolve(line);
      }
    }
  }
}
