/** The one temp-directory helper of the test suites. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Temp directories for one test file, removed by `cleanup()` (call it in afterEach or afterAll). */
export class TempDirs {
  private readonly made: string[] = [];

  /** `prefix` starts every directory's name under the OS temp dir (default `agent-otel-`), so a leftover names its suite. */
  constructor(private readonly prefix = 'agent-otel-') {}

  /** A new empty directory. */
  make(): string {
    const dir = mkdtempSync(join(tmpdir(), this.prefix));
    this.made.push(dir);
    return dir;
  }

  /** A path (not yet existing) for a WAL directory, inside a new temp directory. */
  walDir(): string {
    return join(this.make(), 'wal');
  }

  /** Removes every directory made so far. Safe to call more than once. */
  cleanup(): void {
    for (const dir of this.made.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}
