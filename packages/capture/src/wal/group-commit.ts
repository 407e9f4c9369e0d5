/**
 * Group commit: many callers wait for durability, at most one flush runs at a time, and each flush
 * covers everything appended before it started, so concurrent callers share fdatasyncs.
 */

interface Waiter {
  target: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Coordinates `sync()` callers around one in-flight flush. */
export class GroupCommit {
  /** Highest sequence number known durable. */
  durableThrough: number;
  /** Flushes completed. */
  flushes = 0;
  private readonly lastAppended: () => number;
  private readonly flush: () => Promise<void>;
  private waiters: Waiter[] = [];
  private inFlight = false;

  /**
   * @param durableThrough sequence already durable when the log opens
   * @param lastAppended the sequence of the newest appended record
   * @param flush makes everything appended so far durable (fdatasync of written segments, fsync of
   *   the directory when segments were created)
   */
  constructor(durableThrough: number, lastAppended: () => number, flush: () => Promise<void>) {
    this.durableThrough = durableThrough;
    this.lastAppended = lastAppended;
    this.flush = flush;
  }

  /** Resolves once every record appended before the call is durable. */
  wait(): Promise<void> {
    const target = this.lastAppended();
    if (target <= this.durableThrough) return Promise.resolve();
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ target, resolve, reject }));
    this.start();
    return done;
  }

  /**
   * Marks everything through `seq` durable (after a synchronous flush, e.g. on close) and settles
   * the waiters it covers.
   */
  markDurable(seq: number): void {
    this.durableThrough = Math.max(this.durableThrough, seq);
    this.settle(this.durableThrough, undefined);
  }

  /** Rejects every waiter (the log failed or closed without making their records durable). */
  rejectAll(error: unknown): void {
    this.settle(Number.MAX_SAFE_INTEGER, error);
  }

  private start(): void {
    if (this.inFlight || this.waiters.length === 0) return;
    this.inFlight = true;
    const covers = this.lastAppended();
    this.flush().then(
      () => {
        this.inFlight = false;
        this.flushes++;
        this.markDurable(covers);
        this.start();
      },
      (error: unknown) => {
        this.inFlight = false;
        this.settle(covers, error);
        this.start();
      },
    );
  }

  private settle(through: number, error: unknown): void {
    const remaining: Waiter[] = [];
    for (const waiter of this.waiters) {
      if (waiter.target > through) remaining.push(waiter);
      else if (error === undefined) waiter.resolve();
      else waiter.reject(error);
    }
    this.waiters = remaining;
  }
}
