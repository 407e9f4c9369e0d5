import { WalError, WalKeyError } from '@agent-otel/capture';
import { CommanderError } from 'commander';
import { CliError, UsageError } from '../src/cli-error';
import { JaegerQueryError } from '../src/jaeger/jaeger-client';
import { reportError } from '../src/report-error';
import { MemoryOutput } from './helpers/memory-output';

function report(error: unknown): { code: number; stderr: string } {
  const output = new MemoryOutput();
  const code = reportError(error, output);
  return { code, stderr: output.stderr };
}

describe('reportError', () => {
  it('maps commander outcomes: help and version to 0, every usage error to 2, printing nothing more', () => {
    expect(report(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toEqual({ code: 0, stderr: '' });
    expect(report(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"))).toEqual({ code: 2, stderr: '' });
  });

  it('prints our errors with their own exit code', () => {
    expect(report(new UsageError('bad flag'))).toEqual({ code: 2, stderr: 'agent-otel: bad flag' });
    expect(report(new CliError('stopped', 130))).toEqual({ code: 130, stderr: 'agent-otel: stopped' });
  });

  it('prints WAL and Jaeger errors with exit 1, and tells where a key goes', () => {
    expect(report(new WalError('no WAL at /x'))).toEqual({ code: 1, stderr: 'agent-otel: no WAL at /x' });
    expect(report(new JaegerQueryError('Jaeger answered 500'))).toEqual({ code: 1, stderr: 'agent-otel: Jaeger answered 500' });
    expect(report(new WalKeyError('/x', 'missing')).stderr).toBe(
      'agent-otel: WAL /x is encrypted: pass the encryptionKey it was written with (the key is given with --key or AGENT_OTEL_WAL_KEY)',
    );
  });

  it('prints the stack of anything unexpected, with exit 1', () => {
    const { code, stderr } = report(new TypeError('x is undefined'));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^agent-otel: unexpected error: TypeError: x is undefined\n\s+at /);
    expect(report('a string')).toEqual({ code: 1, stderr: 'agent-otel: unexpected error: a string' });
  });
});
