import type { SpanContext } from '@opentelemetry/api';
import { ConfirmationError, ConfirmationTimeoutError, type ConfirmOptions } from './confirmation';
import { MAX_TIMER_MS } from './timer-limit';

interface Entry {
  durable: boolean;
  acknowledged: boolean;
  failure?: Error;
  lastExportError?: string;
  waiters: { resolve(): void; reject(err: Error): void }[];
}

/** How many settled confirmations are remembered for callers that ask late. */
const SETTLED_RETENTION = 10000;

/**
 * Tracks the critical spans of one WAL processor: each is confirmed once it is durable and
 * acknowledged. Settled entries are kept (bounded, oldest evicted first) so a caller who asks after
 * the fact still gets the answer; unsettled entries live until settled.
 */
export class ConfirmationTracker {
  private readonly entries = new Map<string, Entry>();
  private readonly settled: string[] = [];

  constructor(private readonly defaultTimeoutMs: number) {}

  /** Starts tracking a critical span. */
  track(spanContext: SpanContext): string {
    const key = keyOf(spanContext);
    this.entries.set(key, { durable: false, acknowledged: false, waiters: [] });
    return key;
  }

  /** The record of `key` is on stable storage. */
  markDurable(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.durable = true;
    this.settleIfDone(key, entry);
  }

  /** The backend accepted the record of `key`. */
  markAcknowledged(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.acknowledged = true;
    this.settleIfDone(key, entry);
  }

  /** Remembers the last export error, for the timeout message. */
  noteExportError(key: string, message: string): void {
    const entry = this.entries.get(key);
    if (entry) entry.lastExportError = message;
  }

  /** The span can never be confirmed (e.g. the WAL write failed). */
  fail(key: string, error: Error): void {
    const entry = this.entries.get(key);
    if (!entry || entry.failure) return;
    entry.failure = error;
    for (const w of entry.waiters.splice(0)) w.reject(error);
    this.remember(key);
  }

  /** The confirmation of a tracked span, or undefined when the span is unknown here. */
  wait(spanContext: SpanContext, options?: ConfirmOptions): Promise<void> | undefined {
    const key = keyOf(spanContext);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.failure) return Promise.reject(entry.failure);
    if (entry.durable && entry.acknowledged) return Promise.resolve();
    const timeoutMs = options?.timeoutMs ?? this.defaultTimeoutMs;
    return new Promise<void>((resolve, reject) => {
      // Not unref()'d: while a confirmation is awaited the process stays alive (a script awaiting
      // it gets its answer instead of exiting mid-await); cleared as soon as it settles.
      const timer = setTimeout(
        () => {
          entry.waiters.splice(entry.waiters.indexOf(waiter), 1);
          reject(new ConfirmationTimeoutError(spanContext.spanId, timeoutMs, entry.durable, entry.lastExportError));
        },
        Math.min(timeoutMs, MAX_TIMER_MS),
      );
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (err: Error) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      entry.waiters.push(waiter);
    });
  }

  /** Rejects every waiter that is still waiting (processor shut down). */
  rejectAll(reason: string): void {
    for (const [key, entry] of this.entries) {
      if (entry.durable && entry.acknowledged) continue;
      if (!entry.failure) this.fail(key, new ConfirmationError(reason));
    }
  }

  private settleIfDone(key: string, entry: Entry): void {
    // A failed span stays failed (and is remembered once) even if its record is exported later.
    if (!entry.durable || !entry.acknowledged || entry.failure) return;
    for (const w of entry.waiters.splice(0)) w.resolve();
    this.remember(key);
  }

  private remember(key: string): void {
    this.settled.push(key);
    if (this.settled.length > SETTLED_RETENTION) this.entries.delete(this.settled.shift()!);
  }
}

function keyOf(spanContext: SpanContext): string {
  return spanContext.traceId + spanContext.spanId;
}
