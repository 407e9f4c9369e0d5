import { globalErrorHandler } from '@opentelemetry/core';
import { ConfirmationError } from './confirmation';
import type { OtlpExportError } from './export/otlp-export-error';
import type { WalBacklog } from './wal-backlog';
import type { QueuedRecord } from './wal-export-queue';
import { checkpointAcknowledged, type WalProcessorState } from './wal-processor-state';
import { quarantineDir, type WalQuarantine } from './wal-quarantine';

/** The records of a batch the backend rejected, sent again in halves to find the ones it refuses. */
export interface IsolationRound {
  accepted: number;
  rejected: { record: QueuedRecord; error: Error }[];
}

/** How one request of the WAL ended, for the isolation of a rejected batch. */
export type SendOutcome = { kind: 'accepted' | 'outage' | 'closed' } | { kind: 'rejected'; error: Error };

/** Gets back the records of a request that met an outage, to be sent again after a backoff. */
export type OnOutage = (failed: QueuedRecord[], message: string) => void;

/** The requests the isolation sends its halves through (the processor's delivery). */
export interface WalRequests {
  /** Sends `records` as one request within `round`: a rejection is reported, not acted on. */
  send(records: QueuedRecord[], onFailure: OnOutage, onDone: undefined, round: IsolationRound): Promise<SendOutcome>;
  /** Keeps records that met an outage: back off, report, hand them to `onFailure`. */
  outage(records: QueuedRecord[], error: Error, onFailure: OnOutage): void;
  /** Counts `work` as in flight until it settles (a drain waits for it). */
  track<T>(work: Promise<T>): Promise<T>;
}

/**
 * Isolation and quarantine: finds the records of a rejected batch that the backend refuses on
 * their own, and moves those, and only those, out of the WAL into its quarantine.
 */
export class WalIsolation {
  /**
   * @param requests where the halves are sent.
   * @param quarantine where records refused on their own go.
   */
  constructor(
    private readonly state: WalProcessorState,
    private readonly backlog: WalBacklog,
    private readonly requests: WalRequests,
    private readonly quarantine: WalQuarantine,
  ) {}

  /**
   * Narrows a rejected batch down by bisection: each half is sent again (one after the other, in
   * order), an accepted half is acknowledged, a rejected one is split again, down to single records
   * — so a batch of n records with k bad ones costs about 2k·log2(n) requests, not n. When the
   * backend accepted part of the batch, each single record it still refuses was refused on its own
   * and goes to the quarantine; when it accepted none, nothing pins the refusal on a record and all
   * of them are kept, as in an outage. A half that meets an outage is kept (`onFailure`).
   */
  isolate(records: QueuedRecord[], onFailure: OnOutage): void {
    const round: IsolationRound = { accepted: 0, rejected: [] };
    const bisect = async (part: QueuedRecord[]): Promise<void> => {
      const middle = Math.ceil(part.length / 2);
      for (const half of [part.slice(0, middle), part.slice(middle)]) {
        if (this.state.closed) return;
        const outcome = await this.requests.send(half, onFailure, undefined, round);
        if (outcome.kind !== 'rejected') continue;
        if (half.length === 1) round.rejected.push({ record: half[0]!, error: outcome.error });
        else await bisect(half);
      }
    };
    void this.requests.track(
      bisect(records)
        .then(() => this.endRound(round, onFailure))
        .catch((err: unknown) => globalErrorHandler(err as Error)),
    );
  }

  private async endRound(round: IsolationRound, onFailure: OnOutage): Promise<void> {
    const first = round.rejected[0];
    if (first === undefined || this.state.closed) return;
    if (round.accepted === 0) {
      this.requests.outage(
        round.rejected.map((r) => r.record),
        first.error,
        onFailure,
      );
      return;
    }
    for (const { record, error } of round.rejected) await this.moveToQuarantine(record, error, onFailure);
  }

  /** Moves a record the backend refused on its own to the quarantine, then acknowledges it in the WAL. */
  private async moveToQuarantine(record: QueuedRecord, error: Error, onFailure: OnOutage): Promise<void> {
    const { wal, counters, warnings, tracker } = this.state;
    try {
      await this.quarantine.add(record.bytes, record.seq, (error as OtlpExportError).status, error.message);
    } catch (err) {
      counters.quarantineFailures++;
      warnings.refusals.record(1, `the quarantine could not take record ${record.seq} (${(err as Error).message}); it stays in the log`);
      if (!this.state.closed) onFailure([record], error.message);
      return;
    }
    if (this.state.closed) return; // it is in both places now; the next start re-sends it (at-least-once)
    wal.acknowledge(record.seq);
    checkpointAcknowledged(wal);
    counters.quarantined++;
    warnings.rejections.record(1, `record ${record.seq}: ${error.message}`);
    globalErrorHandler(error);
    if (record.confirmKey) {
      this.backlog.release(record.seq);
      tracker.fail(
        record.confirmKey,
        new ConfirmationError(`agent-otel: the backend refused the critical span on its own; it was moved to the quarantine ${quarantineDir(wal.stats().dir)}: ${error.message}`),
      );
    }
  }
}
