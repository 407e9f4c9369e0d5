import { context } from '@opentelemetry/api';
import { ExportResultCode, globalErrorHandler, suppressTracing, type ExportResult } from '@opentelemetry/core';
import type { EncodedSpanSender } from './encoded-span-sender';
import { classifyExportError } from './export/export-outcome';
import type { WalBacklog } from './wal-backlog';
import { concatRecords, type QueuedRecord } from './wal-export-queue';
import { WalIsolation, type IsolationRound, type OnOutage, type SendOutcome, type WalRequests } from './wal-isolation';
import { checkpointAcknowledged, type WalProcessorState } from './wal-processor-state';
import type { WalQuarantine } from './wal-quarantine';

/** How long a WalDelivery waits between attempts while the backend keeps failing. */
export interface WalBackoffOptions {
  /** The first pause doubles from this, in ms (the export interval). */
  exportIntervalMs: number;
  /** The longest pause, in ms. */
  maxRetryDelayMs: number;
}

/**
 * One request of WAL records and what its answer does: acknowledge them on success, narrow a
 * rejected batch down to the records refused on their own ({@link WalIsolation}), or keep them
 * through an outage and back off. Tracks every request in flight, so a drain can wait for them.
 */
export class WalDelivery implements WalRequests {
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly isolation: WalIsolation;
  private consecutiveFailures = 0;
  /** Outage failures since start; a drain stops at the first one during it. */
  private outageFailures = 0;
  private lastExportError: string | undefined;
  private nextAttemptAt = 0;

  /**
   * @param sender where the requests go.
   * @param quarantine where records the backend refuses on their own go.
   */
  constructor(
    private readonly state: WalProcessorState,
    private readonly backlog: WalBacklog,
    private readonly sender: EncodedSpanSender,
    quarantine: WalQuarantine,
    private readonly backoff: WalBackoffOptions,
  ) {
    this.isolation = new WalIsolation(state, backlog, this, quarantine);
  }

  /** Outage failures since start. */
  get outages(): number {
    return this.outageFailures;
  }

  /** Whether the last export failed: batches then wait for the interval's backoff. */
  get failing(): boolean {
    return this.consecutiveFailures > 0;
  }

  /** Whether the backoff after the last failure has passed. */
  get due(): boolean {
    return Date.now() >= this.nextAttemptAt;
  }

  /** The message of the last failed export, if any. */
  get lastError(): string | undefined {
    return this.lastExportError;
  }

  /** Whether requests (or an isolation round) are in flight. */
  get busy(): boolean {
    return this.inFlight.size > 0;
  }

  /** Resolves once every request in flight now has settled. */
  settled(): Promise<unknown> {
    return Promise.all([...this.inFlight]);
  }

  /**
   * Sends `records` as one request and acknowledges them on success. Every failure the answer does
   * not pin on the records (see `ExportOutcome`: network, timeouts, 401/403/404, 5xx, ...) is an
   * outage: `onFailure` gets them back, to be sent again after a capped backoff. A `rejected`
   * answer to a batch is narrowed down by sending its records in halves (`WalIsolation`).
   */
  send(records: QueuedRecord[], onFailure: OnOutage, onDone?: () => void, round?: IsolationRound): Promise<SendOutcome> {
    const bytes = concatRecords(records);
    const attempt = new Promise<ExportResult>((resolve) => resolve(context.with(suppressTracing(context.active()), () => this.sender.sendEncoded(bytes))))
      .catch((err: unknown): ExportResult => ({ code: ExportResultCode.FAILED, error: err instanceof Error ? err : new Error(String(err)) }))
      .then((result) => this.settle(records, result, onFailure, round))
      .catch((err: unknown): SendOutcome => {
        globalErrorHandler(err as Error);
        return { kind: 'closed' };
      });
    return this.track(attempt, onDone);
  }

  /** An export failure that says nothing about the records: keep them, back off, report. */
  outage(records: QueuedRecord[], error: Error, onFailure: OnOutage): void {
    this.consecutiveFailures++;
    this.outageFailures++;
    this.nextAttemptAt = Date.now() + Math.min(this.backoff.maxRetryDelayMs, this.backoff.exportIntervalMs * 2 ** this.consecutiveFailures);
    this.state.warnings.exportFailures.record(1, error.message);
    globalErrorHandler(error);
    onFailure(records, error.message);
  }

  /** Counts `work` as in flight until it settles, then runs `onDone`. */
  track<T>(work: Promise<T>, onDone?: () => void): Promise<T> {
    const tracked: Promise<T> = work.finally(() => {
      this.inFlight.delete(tracked);
      onDone?.();
    });
    this.inFlight.add(tracked);
    return tracked;
  }

  private settle(records: QueuedRecord[], result: ExportResult, onFailure: OnOutage, round?: IsolationRound): SendOutcome {
    const { wal, counters, tracker } = this.state;
    if (this.state.closed) return { kind: 'closed' }; // shut down meanwhile: the records stay in the WAL for the next start
    if (result.code === ExportResultCode.SUCCESS) {
      this.consecutiveFailures = 0;
      for (const r of records) {
        wal.acknowledge(r.seq);
        if (r.confirmKey) {
          this.backlog.release(r.seq);
          tracker.markAcknowledged(r.confirmKey);
        }
      }
      counters.acknowledged += records.length;
      checkpointAcknowledged(wal);
      if (round) round.accepted++;
      return { kind: 'accepted' };
    }
    const error = result.error ?? new Error('export failed');
    counters.failedExports++;
    this.lastExportError = error.message;
    if (classifyExportError(error) === 'rejected') {
      if (round) return { kind: 'rejected', error };
      if (records.length > 1) {
        this.isolation.isolate(records, onFailure);
        return { kind: 'rejected', error };
      }
    }
    this.outage(records, error, onFailure);
    return { kind: 'outage' };
  }
}
