/** Counters of a {@link WalSpanProcessor}. */
export interface WalSpanProcessorStats {
  /** Spans appended to the WAL. */
  appended: number;
  /** Of those, spans captured as critical. */
  critical: number;
  /** Records the backend acknowledged. */
  acknowledged: number;
  /** Records replayed from the WAL at start (written by an earlier process, not acknowledged). */
  recovered: number;
  /** Spans the WAL refused (disk bound, write error) and that went to the fallback pipeline. */
  degraded: number;
  /**
   * Export attempts that failed. Outages (network, timeouts, 401/403/404, 5xx, ...) keep the
   * records in the WAL; they are sent again with capped backoff.
   */
  failedExports: number;
  /** Records the backend has not acknowledged yet: queued in memory, in flight, or on disk only. */
  pending: number;
  /**
   * Records the backend refused on their own (a 4xx such as 400 or 413 for that record alone while
   * its neighbours were accepted), moved from the WAL to its quarantine directory.
   */
  quarantined: number;
  /** Attempts to move a refused record to the quarantine that failed (the record stays in the WAL). */
  quarantineFailures: number;
  /** Spans ended after shutdown, ignored. */
  droppedAfterShutdown: number;
}

/** The counters a WalSpanProcessor keeps itself; `pending` is read from the WAL, which knows it exactly. */
export type WalCounters = Omit<WalSpanProcessorStats, 'pending'>;

/** Fresh counters, all zero. */
export function zeroWalCounters(): WalCounters {
  return { appended: 0, critical: 0, acknowledged: 0, recovered: 0, degraded: 0, failedExports: 0, quarantined: 0, quarantineFailures: 0, droppedAfterShutdown: 0 };
}
