import type { CliOutput } from './cli-output';

/**
 * Runs `task` with an AbortSignal that the first SIGINT (Ctrl-C) aborts, so a long command can stop
 * cleanly; a second SIGINT gets Node's default behaviour (exit at once). The handler is removed when
 * `task` settles. With `enabled` false (tests, embedding) no handler is installed and the signal never aborts.
 */
export async function withInterruptSignal<T>(enabled: boolean, output: CliOutput, task: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  if (!enabled) return task(controller.signal);
  const onInterrupt = () => {
    output.err('interrupted: stopping after the current batch (press Ctrl-C again to quit at once)');
    controller.abort();
  };
  process.once('SIGINT', onInterrupt);
  try {
    return await task(controller.signal);
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}
