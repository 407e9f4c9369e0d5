/** The compiled `agent-otel` executable (dist/bin.js), run as a real process. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { encodeEach, makeTrace, writeWal } from '../helpers/span-wal';
import { TempDirs } from '../helpers/temp-dirs';

const BIN = join(__dirname, '..', '..', 'dist', 'bin.js');
const dirs = new TempDirs();
afterAll(() => dirs.cleanup());

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const { status, stdout, stderr } = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30000 });
  return { status, stdout, stderr };
}

describe('dist/bin.js (e2e)', () => {
  it('runs `wal inspect DIR --json` end to end and sets the exit code of the process', () => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build first (npm run build, or npx tsc -b packages/cli)`);
    const dir = dirs.walDir();
    writeWal(dir, { payloads: encodeEach(makeTrace(2)), acknowledgeThrough: 1 });

    const ok = run('wal', 'inspect', dir, '--json');
    expect({ status: ok.status, stderr: ok.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(ok.stdout)).toMatchObject({ dir, encrypted: false, acknowledgedThrough: 1, pending: 2, corruptions: [], lock: null });

    const failed = run('wal', 'inspect', join(dir, 'missing'));
    expect(failed.status).toBe(1);
    expect(failed.stderr).toBe(`agent-otel: no WAL at ${join(dir, 'missing')}: the directory does not exist\n`);

    const usage = run('wal', 'inspect');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("missing required argument 'dir'");
  });
});
