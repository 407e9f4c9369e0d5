import type { ConfirmationTracker } from './confirmation-tracker';
import type { WriteAheadLog } from './wal/write-ahead-log';
import type { WalCounters } from './wal-span-processor-stats';
import type { WalProcessorWarnings } from './wal-processor-warnings';

/**
 * What the parts of a WalSpanProcessor (backlog, critical lane, delivery, isolation, scheduler)
 * share: the log, the confirmations of critical spans, the counters, the warnings, and whether the
 * log is closed. One object, held by reference by each part.
 */
export interface WalProcessorState {
  readonly wal: WriteAheadLog;
  readonly tracker: ConfirmationTracker;
  readonly counters: WalCounters;
  readonly warnings: WalProcessorWarnings;
  /** Set once the WAL is closed: nothing is read from it or sent any more. */
  closed: boolean;
}

/**
 * Puts the checkpoint in place (synchronously, no fsync) as soon as records are acknowledged, so
 * a crash re-sends at most the requests in flight, also during the recovery export at start. A
 * failure is left to the WAL's interval checkpoint, which retries and warns.
 */
export function checkpointAcknowledged(wal: WriteAheadLog): void {
  try {
    wal.checkpointNow();
  } catch {
    // Reported by the interval checkpoint, which the acknowledgement has scheduled.
  }
}
