/** Exit codes of `agent-otel` and the errors that carry them. */

/** The command did what was asked. */
export const EXIT_OK = 0;
/** The command failed: unreachable backend, not a WAL, wrong key, locked directory, ... */
export const EXIT_FAILURE = 1;
/** The command line was wrong: unknown command or option, missing or malformed value. */
export const EXIT_USAGE = 2;
/** The command was interrupted (SIGINT), as shells report 128 + 2. */
export const EXIT_INTERRUPTED = 130;

/** An expected failure: its message is printed as it is (no stack) and the process exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    /** Process exit code. Default {@link EXIT_FAILURE}. */
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A malformed command line value; exits with {@link EXIT_USAGE}. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT_USAGE);
    this.name = 'UsageError';
  }
}
