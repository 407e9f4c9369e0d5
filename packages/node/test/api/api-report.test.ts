/**
 * scripts/api/api-report.js, the API report check of `npm test`, run as a child process on the
 * built cli declarations (`npm run build` first) against a copy of its checked-in report: it passes
 * on the same surface, fails with the changed lines on a different one, and --update accepts it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { TempDirs } from '../helpers/temp-dirs';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'api', 'api-report.js');
const CLI_REPORT = path.join(ROOT, 'packages', 'cli', 'api', 'cli.api.md');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the script with `args`; judged on 'close', so all of its output is in. */
function runReport(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// Each run loads TypeScript and analyses the declarations: seconds on a busy machine.
jest.setTimeout(180000);

describe('API report check (scripts/api/api-report.js)', () => {
  const tempDirs = new TempDirs('agent-otel-api-report-');
  let dir: string;
  beforeEach(() => {
    dir = tempDirs.make();
  });
  afterEach(() => tempDirs.cleanup());

  const cliArgs = (...extra: string[]) => ['--entry', '@agent-otel/cli', '--report-folder', dir, ...extra];

  it('passes when the report matches the built surface', async () => {
    fs.copyFileSync(CLI_REPORT, path.join(dir, 'cli.api.md'));
    const run = await runReport(cliArgs());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('@agent-otel/cli:');
    expect(run.stdout).toContain('is up to date');
  });

  it('fails on a different surface and prints the lines that differ, then --update accepts it', async () => {
    const original = fs.readFileSync(CLI_REPORT, 'utf8');
    expect(original).toContain('export const EXIT_OK = 0;');
    const report = path.join(dir, 'cli.api.md');
    fs.writeFileSync(report, original.replace('export const EXIT_OK = 0;', 'export const EXIT_OK = 1;').replace(/^export function renderTraceTree.*$/m, ''));

    const check = await runReport(cliArgs());
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('@agent-otel/cli: the public API differs from');
    expect(check.stderr).toContain('  - export const EXIT_OK = 1;');
    expect(check.stderr).toContain('  + export const EXIT_OK = 0;');
    expect(check.stderr).toMatch(/\n {2}\+ export function renderTraceTree/);
    expect(check.stderr).toContain('npm run api:update');

    const update = await runReport(cliArgs('--update'));
    expect(update.code).toBe(0);
    expect(update.stdout).toContain('updated; review and commit it');
    expect(fs.readFileSync(report, 'utf8')).toBe(original);
  });

  it('fails when there is no report yet', async () => {
    const run = await runReport(cliArgs());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('the public API differs from');
    expect(fs.existsSync(path.join(dir, 'cli.api.md'))).toBe(false);
  });

  it('refuses an unknown argument or entry point, naming it', async () => {
    const unknownArg = await runReport(['--check']);
    expect(unknownArg.code).toBe(2);
    expect(unknownArg.stderr).toContain('unknown or incomplete argument --check');
    const unknownEntry = await runReport(['--entry', '@agent-otel/genai/internal']);
    expect(unknownEntry.code).toBe(2);
    expect(unknownEntry.stderr).toContain('unknown entry point @agent-otel/genai/internal');
  });
});
