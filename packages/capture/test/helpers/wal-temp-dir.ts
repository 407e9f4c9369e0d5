import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Temp directories for WAL tests, removed by `cleanup()` (call it in afterEach/afterAll). */
export class WalTempDirs {
  private readonly made: string[] = [];

  /** A new empty directory; the WAL dir of a test is usually a path inside it. */
  make(): string {
    const dir = mkdtempSync(join(tmpdir(), 'agent-otel-wal-'));
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
