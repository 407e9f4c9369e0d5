import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../src/program';
import { MemoryOutput } from './helpers/memory-output';

async function cli(...args: string[]): Promise<{ code: number; output: MemoryOutput }> {
  const output = new MemoryOutput();
  const code = await runCli(args, output);
  return { code, output };
}

describe('runCli', () => {
  it('prints help to stdout with exit 0', async () => {
    const { code, output } = await cli('--help');
    expect(code).toBe(0);
    expect(output.stdout).toMatch(/^Usage: agent-otel \[options\] \[command\]/);
    expect(output.stdout).toContain('wal');
    expect(output.stdout).toContain('traces [options] <traceId>');
    const replay = await cli('wal', 'replay', '--help');
    expect(replay.code).toBe(0);
    for (const flag of ['--endpoint <url>', '--header <name=value>', '--key <key>', '--batch-bytes <n>', '--dry-run', 'env: AGENT_OTEL_WAL_KEY']) {
      expect(replay.output.stdout).toContain(flag);
    }
  });

  it('prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
    const { code, output } = await cli('--version');
    expect(code).toBe(0);
    expect(output.stdout).toBe(version);
  });

  it('exits 2 with usage on stderr for no command, a group without subcommand, or an unknown command', async () => {
    for (const args of [[], ['wal'], ['frobnicate'], ['wal', 'compact']]) {
      const { code, output } = await cli(...args);
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(output.stdout).toBe('');
      expect(output.stderr).not.toBe('');
    }
    expect((await cli('frobnicate')).output.stderr).toContain("unknown command 'frobnicate'");
  });

  it('reports a filesystem error with exit 1 and its message only', async () => {
    const { code, output } = await cli('wal', 'inspect', __filename);
    expect(code).toBe(1);
    expect(output.stderr).toMatch(/^agent-otel: ENOTDIR: not a directory/);
    expect(output.stderr).not.toContain('\n    at ');
  });
});
