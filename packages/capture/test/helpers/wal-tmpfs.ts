/**
 * Small tmpfs mounts for tests of a full disk (ENOSPC) and a read-only filesystem (EROFS), which stop
 * root too. Mounting needs CAP_SYS_ADMIN; `mountTmpfs` returns undefined where that is not allowed.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Mounts a tmpfs of `sizeKiB` on a new temp dir; undefined when mounting is not permitted. */
export function mountTmpfs(sizeKiB: number, readOnly = false): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'agent-otel-tmpfs-'));
  try {
    const options = `${readOnly ? 'ro,' : ''}size=${sizeKiB}k,mode=0700`;
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

/** Unmounts and removes a directory made by {@link mountTmpfs}. */
export function unmountTmpfs(dir: string): void {
  execFileSync('umount', [dir], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true });
}

/** Whether this machine lets tests mount a tmpfs (probed once). */
export const canMountTmpfs: boolean = (() => {
  const dir = mountTmpfs(64);
  if (!dir) return false;
  unmountTmpfs(dir);
  return true;
})();

/** Fills the filesystem of `dir` with a file until a write fails with ENOSPC; returns its path. */
export function fillDisk(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'a');
  const block = Buffer.alloc(4096, 1);
  try {
    for (;;) {
      try {
        writeSync(fd, block);
      } catch (error) {
        if ((error as { code?: string }).code === 'ENOSPC') break;
        throw error;
      }
    }
    // The last partial block may still have taken a few bytes: fill it byte by byte.
    for (;;) {
      try {
        writeSync(fd, block, 0, 1);
      } catch {
        break;
      }
    }
  } finally {
    closeSync(fd);
  }
  return path;
}
