/** Which call ended with spans not delivered. */
export type FlushOperation = 'forceFlush' | 'shutdown';

/** Counts carried by an {@link ExportIncompleteError}. */
export interface ExportIncompleteDetails {
  /** Spans lost for good: failed exports of the sampled pipeline, or spans still buffered or in flight when it stopped. */
  dropped: number;
  /** Spans still buffered or in flight in memory after a `forceFlush()` timed out; they may still be sent. */
  pending: number;
  /** Records not yet acknowledged that stay in the write-ahead log (re-sent later, or at the next start). */
  kept: number;
  /** True when the call gave up at its timeout; false when it ended on a failed export. */
  timedOut: boolean;
  /** The timeout of the call, in ms. */
  timeoutMs: number;
  /** Message of the last export failure, when there was one. */
  lastError?: string;
}

/**
 * The rejection of `forceFlush()` or `shutdown()` (processors, `CaptureRouter`, register()'s handle)
 * when not every span ended before the call was delivered: it says how many were dropped and how
 * many stay in the write-ahead log, and whether the call ran out of time.
 */
export class ExportIncompleteError extends Error {
  override readonly name = 'ExportIncompleteError';
  /** Spans lost for good (sampled pipeline). */
  readonly dropped: number;
  /** Spans still buffered or in flight in memory (a timed-out `forceFlush()`). */
  readonly pending: number;
  /** Records kept in the write-ahead log. */
  readonly kept: number;
  /** True when the call gave up at its timeout. */
  readonly timedOut: boolean;
  /** The timeout of the call, in ms. */
  readonly timeoutMs: number;

  constructor(
    /** Who reports it, e.g. `WalSpanProcessor`. */
    readonly component: string,
    /** The call that ended incomplete. */
    readonly operation: FlushOperation,
    details: ExportIncompleteDetails,
  ) {
    super(describe(component, operation, details));
    this.dropped = details.dropped;
    this.pending = details.pending;
    this.kept = details.kept;
    this.timedOut = details.timedOut;
    this.timeoutMs = details.timeoutMs;
  }
}

function describe(component: string, operation: FlushOperation, d: ExportIncompleteDetails): string {
  const parts: string[] = [];
  if (d.dropped > 0) parts.push(`${d.dropped} span${d.dropped === 1 ? '' : 's'} dropped (counted in stats())`);
  if (d.pending > 0) parts.push(`${d.pending} span${d.pending === 1 ? '' : 's'} still buffered or in flight`);
  if (d.kept > 0) parts.push(`${d.kept} record${d.kept === 1 ? '' : 's'} kept in the write-ahead log, to be sent again later or at the next start`);
  const how = d.timedOut ? `timed out after ${d.timeoutMs} ms` : 'ended on a failed export';
  const last = d.lastError ? `; last export error: ${d.lastError}` : '';
  return `agent-otel: ${component} ${operation}() ${how} before every span was delivered: ${parts.join(', ') || 'some spans not delivered'}${last}`;
}
