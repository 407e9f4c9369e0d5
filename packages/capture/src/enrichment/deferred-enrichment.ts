import { diag, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '../sdk-trace-types';
import { canEditAfterEnd, editEndedSpan } from './reopen-ended-span';

/** Options of {@link DeferredEnrichment}. */
export interface DeferredEnrichmentOptions {
  /**
   * Most spans waiting for their enrichment at once. Past it, each span that ends first completes
   * the oldest waiting one on the caller's stack (today's cost of an inline enrichment, no more),
   * so memory stays bounded however fast spans end. Default 2048, the ring buffer's default size.
   */
  maxPending?: number;
  /** Longest a background slice runs before it yields to the event loop, in ms. Default 1. */
  sliceMs?: number;
}

/** Counters of a {@link DeferredEnrichment}. */
export interface DeferredEnrichmentStats {
  /** Spans whose enrichment was deferred at `end()`. */
  readonly deferred: number;
  /** Spans enriched inside `end()`: not deferrable (complete, critical, matched by rules, foreign span). */
  readonly inline: number;
  /** Deferred spans enriched in background slices. */
  readonly inBackground: number;
  /** Deferred spans enriched on demand: before an export, a flush, or an inline span that needs order. */
  readonly onDemand: number;
  /** Deferred spans enriched on the caller's stack because `maxPending` were already waiting. */
  readonly overflow: number;
  /** Spans waiting now. */
  readonly pending: number;
  /** Enrichments that threw (the processor's own error handling failed); the span is exported as it was. */
  readonly failures: number;
}

const DEFAULTS = { maxPending: 2048, sliceMs: 1 } as const;

/**
 * Runs an enriching processor's end-of-span work (`onEnding`, then `onEnd`) off the caller's stack:
 * `defer(span)` queues an ended span, and the queue is worked through in end order, in background
 * slices of at most `sliceMs` that yield to the event loop, and on demand — `completePending()` —
 * before anything reads the spans (an export takes a batch, a flush, a span enriched inline).
 * Every span is enriched exactly once and in the order the spans ended, so work that relates spans
 * (a parent's totals from its children) sees what it would have seen inside `end()`.
 *
 * The processor edits a deferred span through the SDK's own API while the span is briefly
 * reopened (see {@link editEndedSpan}); a span of another implementation is never deferred.
 * Only for a pipeline whose consumers all call `completePending()` before they read a span (the
 * ring buffer with `pendingWork`, a WAL fed inline): a processor registered after it in the
 * provider sees a deferred span before its enrichment.
 */
export class DeferredEnrichment {
  private readonly maxPending: number;
  private readonly sliceMs: number;
  private queue: (Span | undefined)[] = [];
  private head = 0;
  private scheduled = false;
  private warned = false;
  private readonly counters = { deferred: 0, inline: 0, inBackground: 0, onDemand: 0, overflow: 0, failures: 0 };
  private readonly runSlice = (): void => this.slice();
  /** The processor's `onEnding`, made once (no closure per span). */
  private readonly runOnEnding = (span: Span): void => this.processor.onEnding?.(span);

  /**
   * @param processor the enriching processor (e.g. GenAiSpanProcessor); its `onStart` is called
   *   through {@link onStart}, its `onEnding` and `onEnd` by this queue or {@link enrichNow}.
   * @throws RangeError naming the option when an option is out of range.
   */
  constructor(
    private readonly processor: SpanProcessor,
    options: DeferredEnrichmentOptions = {},
  ) {
    if (processor === null || typeof processor !== 'object' || typeof processor.onEnd !== 'function') {
      throw new TypeError('DeferredEnrichment: processor must be a SpanProcessor');
    }
    this.maxPending = options.maxPending ?? DEFAULTS.maxPending;
    if (!Number.isSafeInteger(this.maxPending) || this.maxPending < 1) {
      throw new RangeError(`DeferredEnrichment: option maxPending must be an integer >= 1, got ${String(options.maxPending)}`);
    }
    this.sliceMs = options.sliceMs ?? DEFAULTS.sliceMs;
    if (typeof this.sliceMs !== 'number' || !(this.sliceMs > 0 && this.sliceMs <= 1000)) {
      throw new RangeError(`DeferredEnrichment: option sliceMs must be a number of milliseconds in (0, 1000], got ${String(options.sliceMs)}`);
    }
  }

  /** Spans waiting for their enrichment. */
  get pending(): number {
    return this.queue.length - this.head;
  }

  /** The processor's `onStart`, at once (a span's start-time context is only there now). */
  onStart(span: Span, parentContext: Context): void {
    this.processor.onStart(span, parentContext);
  }

  /** Whether `span`'s enrichment can wait until after `end()` (it is the SDK's own span class). */
  canDefer(span: Span): boolean {
    return canEditAfterEnd(span);
  }

  /**
   * Queues `span` (ending now, {@link canDefer} true) for enrichment after `end()`; O(1). With
   * `maxPending` spans already waiting, the oldest is enriched first, on this stack.
   */
  defer(span: Span): void {
    if (this.pending >= this.maxPending) {
      this.counters.overflow++;
      this.completeNext();
    }
    this.queue.push(span);
    this.counters.deferred++;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.runSlice);
    }
  }

  /**
   * Enriches `span` (still being ended, writable) now, after every span that ended before it:
   * the processor's `onEnding`. Call {@link afterEnd} from `onEnd` for the rest.
   */
  enrichNow(span: Span): void {
    this.completePending();
    this.counters.inline++;
    try {
      this.processor.onEnding?.(span);
    } catch (error) {
      this.fail(error);
    }
  }

  /** The processor's `onEnd` for a span enriched by {@link enrichNow}. */
  afterEnd(span: ReadableSpan): void {
    try {
      this.processor.onEnd(span);
    } catch (error) {
      this.fail(error);
    }
  }

  /** Enriches every waiting span now, in end order. Never throws. */
  completePending(): void {
    while (this.head < this.queue.length) {
      this.completeNext();
      this.counters.onDemand++;
    }
  }

  /** Enriches what is waiting, then flushes the processor. */
  forceFlush(): Promise<void> {
    this.completePending();
    return this.processor.forceFlush();
  }

  /** Enriches what is waiting, then shuts the processor down. */
  shutdown(): Promise<void> {
    this.completePending();
    return this.processor.shutdown();
  }

  /** A snapshot of the counters. */
  stats(): DeferredEnrichmentStats {
    return { ...this.counters, pending: this.pending };
  }

  private slice(): void {
    this.scheduled = false;
    const deadline = performance.now() + this.sliceMs;
    while (this.head < this.queue.length) {
      this.completeNext();
      this.counters.inBackground++;
      if (performance.now() >= deadline) break;
    }
    if (this.head < this.queue.length) {
      this.scheduled = true;
      setImmediate(this.runSlice);
    }
  }

  private completeNext(): void {
    const span = this.queue[this.head]!;
    this.queue[this.head++] = undefined;
    if (this.head === this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    try {
      editEndedSpan(span, this.runOnEnding);
    } catch (error) {
      this.fail(error);
    }
    try {
      this.processor.onEnd(span);
    } catch (error) {
      this.fail(error);
    }
  }

  /** Counts an enrichment that threw; the first is logged through diag. */
  private fail(error: unknown): void {
    this.counters.failures++;
    if (this.warned) return;
    this.warned = true;
    diag.warn('agent-otel: a span enrichment threw; the span is exported as it was, later failures are only counted (stats().failures)', error);
  }
}
