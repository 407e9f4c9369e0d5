import { diag, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from './sdk-trace-types';
import { ATTR_CAPTURE_MODE, getCaptureMode, isCaptureMode, type CaptureMode } from './capture-mode';
import { modeFromRules, validateCaptureRules, type CaptureRule } from './capture-rules';
import type { DeferredEnrichment } from './enrichment/deferred-enrichment';
import { RingBufferSpanProcessor } from './ring-buffer-span-processor';

/** Options of {@link CaptureRouter}. */
export interface CaptureRouterOptions {
  /** Pipeline of `sampled` spans, e.g. a RingBufferSpanProcessor. Required. */
  sampled: SpanProcessor;
  /** Pipeline of `complete` spans, e.g. a WalSpanProcessor; default: the sampled pipeline. */
  complete?: SpanProcessor;
  /** Pipeline of `critical` spans; default: the complete pipeline. */
  critical?: SpanProcessor;
  /** Mode of spans that state none and match no rule. Default `sampled`. */
  defaultMode?: CaptureMode;
  /** Rules applied, in order, to spans without an explicit or scoped mode. Default none. */
  rules?: CaptureRule[];
  /**
   * One budget, in ms, for `shutdown()` as a whole: the pipelines shut down one after another,
   * each handed what is left as `shutdown(timeoutMs)`, which this package's processors honour (a
   * processor of another kind ignores it and keeps its own timeout). Default: none (each
   * pipeline's own timeout applies, one after another).
   */
  shutdownTimeoutMs?: number;
  /**
   * The enriching processor (GenAiSpanProcessor), run by this router instead of registered before
   * it: its `onStart` at start; for a span bound for the sampled pipeline its end work is deferred
   * (off the caller's stack, see {@link DeferredEnrichment}), for every other span it runs inside
   * `end()`, before the span reaches its pipeline. The sampled pipeline must complete the pending
   * work before it reads spans (RingBufferSpanProcessor option `pendingWork`). Spans matched by
   * `rules` are enriched inside `end()` when they state no mode, so the rules see the enriched
   * attributes. Default: none (register the enriching processor before this router).
   */
  enrichment?: DeferredEnrichment;
}

/**
 * Sends each finished span to the pipeline of its capture mode, and records that mode on the span
 * (`agent_otel.capture.mode`). The mode is, in order: an explicit `agent_otel.capture.mode`
 * attribute given at start (the agent helpers' `capture` option), the scope of
 * `withCaptureMode()` the span was started in, the first matching rule, the default.
 *
 * Register it after processors that enrich or redact in `onEnding` (the GenAI processor), so the
 * pipelines see the final span — or hand that processor over as `enrichment`, so the work of
 * sampled spans leaves the caller's stack. Pipelines receive `onEnd`, `forceFlush` and `shutdown`; they do not
 * receive `onStart`, since a span's pipeline is only known when it ends.
 */
export class CaptureRouter implements SpanProcessor {
  private readonly pipelines: Record<CaptureMode, SpanProcessor>;
  private readonly distinct: SpanProcessor[];
  private readonly defaultMode: CaptureMode;
  private readonly rules: readonly CaptureRule[];
  private readonly shutdownTimeoutMs: number | undefined;
  private readonly enrichment: DeferredEnrichment | undefined;
  /** The span whose enrichment `onEnding` just deferred; its `onEnd` follows at once. */
  private deferredNow: ReadableSpan | undefined;

  constructor(options: CaptureRouterOptions) {
    if (!options || !options.sampled) throw new TypeError('CaptureRouter: option sampled (the sampled pipeline) is required');
    const defaultMode = options.defaultMode ?? 'sampled';
    if (!isCaptureMode(defaultMode)) {
      throw new TypeError(`CaptureRouter: option defaultMode ${JSON.stringify(defaultMode)} is not one of sampled, complete, critical`);
    }
    validateCaptureRules(options.rules ?? []);
    const complete = options.complete ?? options.sampled;
    this.pipelines = { sampled: options.sampled, complete, critical: options.critical ?? complete };
    // Shutdown order: the WAL pipelines first, since they may fall back to (and share an exporter with) the sampled one.
    this.distinct = [...new Set([this.pipelines.critical, this.pipelines.complete, this.pipelines.sampled])];
    this.defaultMode = defaultMode;
    this.rules = options.rules ?? [];
    const budget = options.shutdownTimeoutMs;
    if (budget !== undefined && (typeof budget !== 'number' || !Number.isFinite(budget) || budget <= 0)) {
      throw new TypeError(`CaptureRouter: option shutdownTimeoutMs must be a positive number of milliseconds, got ${String(budget)}`);
    }
    this.shutdownTimeoutMs = budget;
    if (options.enrichment !== undefined && !(options.sampled instanceof RingBufferSpanProcessor && options.sampled.pendingWork === options.enrichment)) {
      // A pipeline that reads spans at onEnd would export deferred spans before their enrichment (and redaction).
      throw new TypeError(
        'CaptureRouter: option enrichment needs a sampled pipeline that completes it before export: a RingBufferSpanProcessor whose option pendingWork is the same DeferredEnrichment',
      );
    }
    this.enrichment = options.enrichment;
  }

  onStart(span: Span, parentContext: Context): void {
    this.enrichment?.onStart(span, parentContext);
    const explicit = span.attributes[ATTR_CAPTURE_MODE];
    if (isCaptureMode(explicit)) return;
    if (explicit !== undefined) {
      diag.warn(`agent-otel: span "${span.name}" has an unknown capture mode ${JSON.stringify(explicit)}; using the scope, rules and default`);
    }
    const scoped = getCaptureMode(parentContext);
    if (scoped !== undefined) span.setAttribute(ATTR_CAPTURE_MODE, scoped);
  }

  onEnding(span: Span): void {
    const enrichment = this.enrichment;
    if (enrichment !== undefined) {
      const recorded = span.attributes[ATTR_CAPTURE_MODE];
      // Known without the enrichment: a stated mode, or the default when there are no rules to match.
      const mode = isCaptureMode(recorded) ? recorded : this.rules.length === 0 ? this.defaultMode : undefined;
      if (mode === 'sampled' && enrichment.canDefer(span)) {
        if (recorded !== mode) span.setAttribute(ATTR_CAPTURE_MODE, mode);
        enrichment.defer(span);
        this.deferredNow = span;
        return;
      }
      enrichment.enrichNow(span);
    }
    const recorded = span.attributes[ATTR_CAPTURE_MODE];
    if (isCaptureMode(recorded)) return;
    span.setAttribute(ATTR_CAPTURE_MODE, modeFromRules(this.rules, span.name, span.attributes) ?? this.defaultMode);
  }

  onEnd(span: ReadableSpan): void {
    if (this.enrichment !== undefined) {
      if (this.deferredNow === span) this.deferredNow = undefined;
      else this.enrichment.afterEnd(span);
    }
    const mode = span.attributes[ATTR_CAPTURE_MODE];
    this.pipelines[isCaptureMode(mode) ? mode : this.defaultMode].onEnd(span);
  }

  /**
   * Completes the deferred enrichment, then flushes every pipeline at once; rejects with the first
   * pipeline's error once all have settled.
   */
  async forceFlush(): Promise<void> {
    const enriched = this.enrichment?.forceFlush();
    const results = await Promise.allSettled([...this.distinct.map((p) => p.forceFlush()), ...(enriched ? [enriched] : [])]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /**
   * Shuts the pipelines down one after another: critical, complete, then sampled (the WAL may
   * share an exporter with the sampled pipeline, which shuts it down). A pipeline that rejects
   * does not stop the others; the first rejection is rethrown at the end. With
   * `shutdownTimeoutMs` each pipeline gets what is left of it. The deferred enrichment is
   * completed first and its processor shut down last.
   */
  async shutdown(): Promise<void> {
    const deadline = this.shutdownTimeoutMs === undefined ? undefined : Date.now() + this.shutdownTimeoutMs;
    let first: unknown;
    this.enrichment?.completePending();
    for (const pipeline of this.distinct) {
      const left = deadline === undefined ? undefined : Math.max(1, deadline - Date.now());
      try {
        await (pipeline.shutdown as (timeoutMs?: number) => Promise<void>).call(pipeline, left);
      } catch (err) {
        first ??= err;
      }
    }
    if (this.enrichment !== undefined) await this.enrichment.shutdown().catch((err: unknown) => void (first ??= err));
    if (first !== undefined) throw first;
  }
}
