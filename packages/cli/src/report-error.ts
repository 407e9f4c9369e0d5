import { WalError, WalKeyError } from '@agent-otel/capture';
import { CommanderError } from 'commander';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './cli-error';
import type { CliOutput } from './cli-output';
import { JaegerQueryError } from './jaeger/jaeger-client';

/** Environment variable read as the default of `--key` (the one `@agent-otel/node` reads too). */
export const WAL_KEY_ENV = 'AGENT_OTEL_WAL_KEY';

/**
 * Prints `error` for a person and returns the exit code. Expected failures (ours, the WAL's,
 * Jaeger's, and system errors such as EACCES or ENOTDIR) print their message only; anything else
 * is a defect and prints its stack.
 */
export function reportError(error: unknown, output: CliOutput): number {
  // Commander has already printed its own message (or the help or version text).
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  if (error instanceof CliError) {
    output.err(`agent-otel: ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof WalKeyError) {
    output.err(`agent-otel: ${error.message} (the key is given with --key or ${WAL_KEY_ENV})`);
    return EXIT_FAILURE;
  }
  if (error instanceof WalError || error instanceof JaegerQueryError || isSystemError(error)) {
    output.err(`agent-otel: ${error.message}`);
    return EXIT_FAILURE;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  output.err(`agent-otel: unexpected error: ${detail}`);
  return EXIT_FAILURE;
}

// Duck-typed: errors from Node's core may come from another realm (e.g. under test runners).
function isSystemError(error: unknown): error is Error {
  const candidate = error as { syscall?: unknown; message?: unknown } | null;
  return typeof candidate?.syscall === 'string' && typeof candidate.message === 'string';
}
