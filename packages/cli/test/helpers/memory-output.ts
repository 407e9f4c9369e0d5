import type { CliOutput } from '../../src/cli-output';

/** A `CliOutput` that keeps every line, for assertions. */
export class MemoryOutput implements CliOutput {
  readonly outLines: string[] = [];
  readonly errLines: string[] = [];

  out(line: string): void {
    this.outLines.push(line);
  }

  err(line: string): void {
    this.errLines.push(line);
  }

  /** Everything written to standard output, lines joined with `\n`. */
  get stdout(): string {
    return this.outLines.join('\n');
  }

  /** Everything written to standard error, lines joined with `\n`. */
  get stderr(): string {
    return this.errLines.join('\n');
  }
}
