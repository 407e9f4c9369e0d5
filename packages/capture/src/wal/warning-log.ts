/** Where the log's warnings go: the user's callback, and a short history exposed by `stats()`. */

const KEPT_WARNINGS = 10;

/** Collects warnings and forwards them to an optional callback. */
export class WarningLog {
  /** Warnings raised since open. */
  count = 0;
  /** The latest warnings, oldest first (at most 10). */
  readonly recent: string[] = [];
  private readonly onWarning: ((message: string) => void) | undefined;

  constructor(onWarning: ((message: string) => void) | undefined) {
    this.onWarning = onWarning;
  }

  /** Records `message` and passes it to the callback; a throwing callback is ignored. */
  readonly warn = (message: string): void => {
    this.count++;
    this.recent.push(message);
    if (this.recent.length > KEPT_WARNINGS) this.recent.shift();
    try {
      this.onWarning?.(message);
    } catch {
      // A warning sink must not break the log.
    }
  };

  /** The latest warning, if any. */
  get last(): string | undefined {
    return this.recent[this.recent.length - 1];
  }
}
