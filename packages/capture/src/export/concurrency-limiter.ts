interface Waiter {
  readonly grant: (acquired: boolean) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Bounds how many requests run at once. Callers beyond the limit wait, first come first served,
 * instead of failing; each waits at most its own timeout.
 */
export class ConcurrencyLimiter {
  private _active = 0;
  private readonly _waiting: Waiter[] = [];

  /** @param limit slots, an integer ≥ 1 (checked by the caller's options). */
  constructor(readonly limit: number) {}

  /** Slots held now. */
  get active(): number {
    return this._active;
  }

  /** Callers waiting for a slot now. */
  get waiting(): number {
    return this._waiting.length;
  }

  /**
   * Resolves `true` once the caller holds a slot (it must call `release()` exactly once), or
   * `false` when `timeoutMs` passes first (it holds nothing then).
   */
  acquire(timeoutMs: number): Promise<boolean> {
    if (this._active < this.limit) {
      this._active++;
      return Promise.resolve(true);
    }
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = { grant: resolve, timer: undefined };
      waiter.timer = setTimeout(
        () => {
          this._waiting.splice(this._waiting.indexOf(waiter), 1);
          resolve(false);
        },
        Math.max(1, timeoutMs),
      );
      waiter.timer.unref();
      this._waiting.push(waiter);
    });
  }

  /** Frees a slot, handing it straight to the longest waiter if there is one. */
  release(): void {
    const next = this._waiting.shift();
    if (next === undefined) {
      this._active--;
      return;
    }
    clearTimeout(next.timer);
    next.grant(true);
  }
}
