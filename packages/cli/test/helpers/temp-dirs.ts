import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Temp directories for one test file, removed by `cleanup()` (call it in afterEach). */
export class TempDirs {
  private readonly made: string[] = [];

  /** A new empty directory. */
  make(): string {
    const dir = mkdtempSync(join(tmpdir(), 'agent-otel-cli-'));
    this.made.push(dir);
    return dir;
  }

  /** A path (not yet existing) for a WAL directory. */
  walDir(): string {
    return join(this.make(), 'wal');
  }

  cleanup(): void {
    for (const dir of this.made.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}
