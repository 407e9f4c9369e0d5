import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WalPermissionError } from '../../src/wal/errors';
import { WriteAheadLog } from '../../src/wal/write-ahead-log';
import { WalTempDirs } from '../helpers/wal-temp-dir';
import { canMountTmpfs, mountTmpfs, unmountTmpfs } from '../helpers/wal-tmpfs';

const dirs = new WalTempDirs();
afterEach(() => dirs.cleanup());

function permissionError(run: () => unknown): WalPermissionError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WalPermissionError);
    return error as WalPermissionError;
  }
  throw new Error('expected a WalPermissionError');
}

describe('WAL directory permissions', () => {
  it('creates the directory 0700 (parents included) and every file 0600', () => {
    const dir = join(dirs.make(), 'a', 'b', 'wal');
    const wal = WriteAheadLog.open({ dir, encryptionKey: Buffer.alloc(32, 1) });
    wal.append(Buffer.from('x'));
    wal.acknowledge(1);
    wal.close();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, '..')).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir);
    expect(files.sort()).toEqual(['00000000000000000001.wal', 'checkpoint', 'meta.json']);
    for (const name of files) expect([name, statSync(join(dir, name)).mode & 0o777]).toEqual([name, 0o600]);
  });

  it('warns when an existing directory is open to group or others', () => {
    const dir = join(dirs.make(), 'wal');
    mkdirSync(dir, { mode: 0o755 });
    const warnings: string[] = [];
    WriteAheadLog.open({ dir, onWarning: (m) => warnings.push(m) }).close();
    expect(warnings).toEqual([`WAL directory ${dir} has mode 0755: other users may read captured data; restrict it with \`chmod 700 ${dir}\``]);
    const quiet: string[] = [];
    mkdirSync(join(dir, '..', 'private'), { mode: 0o700 });
    WriteAheadLog.open({ dir: join(dir, '..', 'private'), onWarning: (m) => quiet.push(m) }).close();
    expect(quiet).toEqual([]);
  });

  it('rejects a path below a regular file (ENOTDIR, which stops root too)', () => {
    const file = join(dirs.make(), 'not-a-dir');
    writeFileSync(file, 'x');
    const error = permissionError(() => WriteAheadLog.open({ dir: join(file, 'wal') }));
    expect(error.code).toBe('ENOTDIR');
    expect(error.message).toMatch(/WAL directory .*not-a-dir\/wal is not usable: ENOTDIR.*choose a writable local directory/);
    expect(permissionError(() => WriteAheadLog.open({ dir: file })).code).toBe('ENOTDIR');
  });

  (canMountTmpfs ? it : it.skip)('rejects a directory on a read-only filesystem (EROFS, which stops root too)', () => {
    const mount = mountTmpfs(64, true) as string;
    try {
      expect(permissionError(() => WriteAheadLog.open({ dir: join(mount, 'wal') })).code).toBe('EROFS');
      const existing = permissionError(() => WriteAheadLog.open({ dir: mount, onWarning: () => undefined }));
      expect(existing.code).toBe('EROFS');
      expect(existing.message).toMatch(/is not usable: EROFS/);
    } finally {
      unmountTmpfs(mount);
    }
  });
});
