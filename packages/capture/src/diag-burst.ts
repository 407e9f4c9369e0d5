import { diag } from '@opentelemetry/api';

/**
 * Reports a repeated problem (dropped spans, failed exports) through `diag` once per burst instead
 * of once per occurrence: one warning when the burst starts, one summary with the count when it
 * ends. A burst ends at the first `tick()` that saw no new occurrence since the previous tick, so
 * with ticks every `T` ms the summary comes between `T` and `2T` after the last occurrence.
 *
 * `record` allocates nothing after the first call of a burst, so it may run on a hot path.
 */
export class DiagBurst {
  private occurrences = 0;
  private atBurstStart = 0;
  private atLastTick = 0;
  private active = false;

  /**
   * @param firstWarning builds the warning logged when a burst starts; `count` is the size of the
   *   first occurrence, `detail` what the caller passed to `record`.
   * @param summary builds the warning logged when a burst ends: `inBurst` occurrences in that
   *   burst, `total` since creation.
   * @param level the diag level of both messages. Default `warn`; `error` for problems that cost
   *   the user a promise (e.g. a span the write-ahead log refused).
   */
  constructor(
    private readonly firstWarning: (count: number, detail: string | undefined) => string,
    private readonly summary: (inBurst: number, total: number) => string,
    private readonly level: 'warn' | 'error' = 'warn',
  ) {}

  /** Occurrences counted since creation. */
  get total(): number {
    return this.occurrences;
  }

  /** Counts `count` occurrences; warns when this starts a burst. */
  record(count: number, detail?: string): void {
    if (!this.active) {
      this.active = true;
      this.atBurstStart = this.occurrences;
      this.occurrences += count;
      diag[this.level](this.firstWarning(count, detail));
      return;
    }
    this.occurrences += count;
  }

  /** Called periodically: ends the burst (logging its summary) when nothing happened since the last tick. */
  tick(): void {
    if (this.active && this.occurrences === this.atLastTick) this.end();
    this.atLastTick = this.occurrences;
  }

  /** Ends the current burst now, if any, logging its summary. */
  end(): void {
    if (!this.active) return;
    this.active = false;
    diag[this.level](this.summary(this.occurrences - this.atBurstStart, this.occurrences));
  }
}
