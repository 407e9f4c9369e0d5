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
  private _total = 0;
  private _atBurstStart = 0;
  private _atLastTick = 0;
  private _active = false;

  /**
   * @param firstWarning builds the warning logged when a burst starts; `count` is the size of the
   *   first occurrence, `detail` what the caller passed to `record`.
   * @param summary builds the warning logged when a burst ends: `inBurst` occurrences in that
   *   burst, `total` since creation.
   * @param level the diag level of both messages. Default `warn`; `error` for problems that cost
   *   the user a promise (e.g. a span the write-ahead log refused).
   */
  constructor(
    private readonly _firstWarning: (count: number, detail: string | undefined) => string,
    private readonly _summary: (inBurst: number, total: number) => string,
    private readonly _level: 'warn' | 'error' = 'warn',
  ) {}

  /** Occurrences counted since creation. */
  get total(): number {
    return this._total;
  }

  /** Counts `count` occurrences; warns when this starts a burst. */
  record(count: number, detail?: string): void {
    if (!this._active) {
      this._active = true;
      this._atBurstStart = this._total;
      this._total += count;
      diag[this._level](this._firstWarning(count, detail));
      return;
    }
    this._total += count;
  }

  /** Called periodically: ends the burst (logging its summary) when nothing happened since the last tick. */
  tick(): void {
    if (this._active && this._total === this._atLastTick) this.end();
    this._atLastTick = this._total;
  }

  /** Ends the current burst now, if any, logging its summary. */
  end(): void {
    if (!this._active) return;
    this._active = false;
    diag[this._level](this._summary(this._total - this._atBurstStart, this._total));
  }
}
