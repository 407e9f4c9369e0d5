/**
 * Small tmpfs mounts for tests of a full disk (ENOSPC) and a read-only filesystem (EROFS), which stop
 * root too. Mounting needs CAP_SYS_ADMIN; `mountTmpfs` returns undefined where that is not allowed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
