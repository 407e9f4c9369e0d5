/**
 * Where commands write. Commands never touch `process.stdout` directly, so tests run them in-process
 * and read what they printed.
 */
export interface CliOutput {
  /** Writes one line (no trailing newline needed) of the command's result to standard output. */
  out(line: string): void;
  /** Writes one line of progress, warning or error text to standard error. */
  err(line: string): void;
}

/**
 * The output of a real process: lines go to `process.stdout` and `process.stderr`. A stream whose
 * reader went away (EPIPE, e.g. `agent-otel wal inspect DIR | head`) is dropped quietly, so a
 * replay whose progress is no longer read still finishes and closes its WAL cleanly.
 */
export function processOutput(): CliOutput {
  return { out: lineWriter(process.stdout), err: lineWriter(process.stderr) };
}

function lineWriter(stream: NodeJS.WriteStream): (line: string) => void {
  let broken = false;
  stream.on('error', () => {
    broken = true;
  });
  return (line) => {
    if (!broken) stream.write(`${line}\n`);
  };
}
