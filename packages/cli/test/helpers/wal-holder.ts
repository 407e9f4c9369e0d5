/** A real child process holding a WAL's lock (test/fixtures/hold-wal.js, compiled capture from dist/). */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURE = join(__dirname, '..', 'fixtures', 'hold-wal.js');
const COMPILED = join(__dirname, '..', '..', '..', 'capture', 'dist', 'index.js');

export class WalHolder {
  private constructor(
    readonly child: ChildProcess,
    private readonly exited: Promise<void>,
  ) {}

  /** Starts the child and resolves once it holds the lock of `dir`. */
  static async start(dir: string): Promise<WalHolder> {
    if (!existsSync(COMPILED)) throw new Error(`${COMPILED} is missing: build first (npx tsc -b packages/cli)`);
    const child = spawn(process.execPath, [FIXTURE, dir], { stdio: ['pipe', 'pipe', 'pipe'] });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let stdout = '';
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    await new Promise<void>((resolve, reject) => {
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('\n')) resolve();
      });
      void exited.then(() => reject(new Error(`hold-wal.js exited before opening the WAL: ${stderr}`)));
    });
    return new WalHolder(child, exited);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Ends stdin: the child closes the WAL (releasing the lock) and exits. */
  async release(): Promise<void> {
    this.child.stdin!.end();
    await this.exited;
  }
}
