import { diag, SpanStatusCode, type AttributeValue, type Context } from '@opentelemetry/api';
import type { ReadableSpan, SdkSpan as Span } from '@agent-otel/capture';
import {
  ATTR_COST_USD,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_LLM_DUPLICATE_OF,
  ATTR_REQUEST_COST_USD,
  ATTR_REQUEST_DURATION_MS,
  ATTR_REQUEST_ERROR_COUNT,
  ATTR_REQUEST_FALLBACK_COUNT,
  ATTR_REQUEST_INPUT_TOKENS,
  ATTR_REQUEST_LLM_CALL_COUNT,
  ATTR_REQUEST_OUTCOME,
  ATTR_REQUEST_OUTPUT_TOKENS,
  ATTR_REQUEST_RETRY_COUNT,
  ATTR_REQUEST_STEP_COUNT,
  ATTR_REQUEST_TOOL_CALL_COUNT,
  ATTR_STEP_TYPE,
  EVENT_FALLBACK,
  EVENT_RETRY,
  type RequestOutcome,
} from '../attributes';
import { tokenCount } from '../token-count';
import { AGGREGATE_OPERATIONS, LLM_OPERATIONS } from './operations';
import { spanIdOf } from './span-id';
import { roundUsd } from '../price-table';

/** Options of {@link RequestRollup}. */
export interface RequestRollupOptions {
  /**
   * Most requests (local root spans) tracked at once. When one more starts, the oldest open one is
   * dropped: its root gets no totals, and it is counted in `stats().droppedRoots`.
   * Default: 10000.
   */
  maxOpenRoots?: number;
}

/** Counters a {@link RequestRollup} keeps; read them with `stats()`. */
export interface RequestRollupStats {
  /** Local roots started and not yet ended. */
  readonly openRoots: number;
  /** Local roots dropped because `maxOpenRoots` were already open. */
  readonly droppedRoots: number;
  /** Spans skipped after an unexpected error. */
  readonly failures: number;
}

/** Running totals of one request: its local root span and every span below it in this process. */
class RequestTotals {
  open = true;
  /** Ids of this request's spans that have not ended yet (its root's among them). */
  readonly openSpanIds = new Set<string>();
  inputTokens = 0;
  outputTokens = 0;
  costUsd = 0;
  hasTokens = false;
  hasCost = false;
  steps = 0;
  llmCalls = 0;
  toolCalls = 0;
  errors = 0;
  retries = 0;
  fallbacks = 0;
  /** Whether any span of the request was GenAI work (an operation, a step, usage or cost). */
  genAi = false;

  /** Adds what `span` contributes; `isRoot` leaves its own status out of the error count. */
  add(span: ReadableSpan, isRoot: boolean): void {
    const attributes = span.attributes;
    const operation = attributes[ATTR_GEN_AI_OPERATION_NAME];
    // A span that describes a call another span already counts adds nothing of its own.
    const duplicate = attributes[ATTR_LLM_DUPLICATE_OF] !== undefined;
    if (!AGGREGATE_OPERATIONS.has(operation) && !duplicate) {
      const input = tokenCount(attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]);
      const output = tokenCount(attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]);
      if (input !== undefined || output !== undefined) {
        this.hasTokens = true;
        this.inputTokens += input ?? 0;
        this.outputTokens += output ?? 0;
      }
      const cost = attributes[ATTR_COST_USD];
      if (typeof cost === 'number' && Number.isFinite(cost) && cost >= 0) {
        this.hasCost = true;
        this.costUsd += cost;
      }
    }
    if (operation !== undefined || this.hasTokens || this.hasCost) this.genAi = true;
    if (typeof attributes[ATTR_STEP_TYPE] === 'string') {
      this.steps++;
      this.genAi = true;
    }
    if (LLM_OPERATIONS.has(operation)) {
      if (!duplicate) this.llmCalls++;
    } else if (operation === 'execute_tool') this.toolCalls++;
    if (!isRoot && !duplicate && span.status.code === SpanStatusCode.ERROR) this.errors++;
    for (const event of span.events) {
      if (event.name === EVENT_RETRY) this.retries++;
      else if (event.name === EVENT_FALLBACK) this.fallbacks++;
    }
  }
}

/**
 * Rolls each request up onto its local root span: the first span of a trace in this process
 * (no parent, or a parent from another process). Meant to run inside a span processor:
 *
 * - `onStart` ties every span to the request of its parent; a span whose parent is remote or
 *   absent starts a new request.
 * - `onEnd` (every span below a root) adds the span's tokens, cost, counts and failures to its
 *   request's totals.
 * - `onEnding` (the root, still writable) adds the root itself and, when the request did any GenAI
 *   work (a span with `gen_ai.operation.name` or a step type, token usage or cost), writes `agent_otel.request.*`:
 *   outcome (`failure` if the root ended with status ERROR, `partial` if it did not but a span
 *   below it did or a fallback was recorded, else `success`), duration, token and cost totals
 *   (only when some span reported them), step / LLM call / tool call / error / retry / fallback
 *   counts. Attributes the root already has are never overwritten.
 *
 * Tokens and cost skip `invoke_agent`, `invoke_workflow` and `create_agent` spans, whose usage
 * already sums their model calls; tokens, cost, the LLM call and the error count skip spans marked
 * `agent_otel.llm.duplicate_of`, whose call another span of the request counts. Spans that end after their root are not counted (the root has
 * been written by then), nor are spans in other processes: each service rolls up its own part.
 *
 * Memory: one small totals object per open request, dropped when its root ends; the ids of its
 * open spans point to it (no span object is held), so a span whose parent reaches us wrapped by
 * another tracer (OpenInference does that) still finds its request; those ids are dropped when
 * their span or the request ends. At most `maxOpenRoots` requests are tracked.
 * No method throws: an unexpected error skips the span, is counted and logged once.
 */
export class RequestRollup {
  private readonly maxOpenRoots: number;
  private readonly openRoots = new Map<object, RequestTotals>();
  private readonly requestById = new Map<string, RequestTotals>();
  private droppedRoots = 0;
  private failures = 0;
  private warnedDrop = false;
  private warnedFailure = false;

  /** Throws a TypeError when `maxOpenRoots` is not an integer ≥ 1. */
  constructor(options: RequestRollupOptions = {}) {
    const maxOpenRoots = options.maxOpenRoots ?? 10_000;
    if (!Number.isInteger(maxOpenRoots) || maxOpenRoots < 1) {
      throw new TypeError(`RequestRollup: option "maxOpenRoots" must be an integer ≥ 1; got ${String(maxOpenRoots)}`);
    }
    this.maxOpenRoots = maxOpenRoots;
  }

  /** Ties `span` to its parent's request, or starts a request when `span` is a local root. */
  onStart(span: Span, _parentContext?: Context): void {
    try {
      const parent = span.parentSpanContext;
      if (parent === undefined || parent.isRemote === true) {
        this.startRequest(span);
        return;
      }
      // By id, so a parent wrapped by another tracer (OpenInference does that) is found too.
      const totals = this.requestById.get(parent.spanId);
      if (totals !== undefined && totals.open) this.tie(span, totals);
    } catch (error) {
      this.fail('onStart', error);
    }
  }

  /** When `span` is an open request's root: adds it and writes the request's attributes onto it. */
  onEnding(span: Span): void {
    try {
      const totals = this.openRoots.get(span);
      if (totals === undefined) return;
      this.openRoots.delete(span);
      this.close(totals);
      totals.add(span, true);
      // A request with no GenAI work (a health check, a plain HTTP call) keeps its attributes as they are.
      if (totals.genAi) writeRequestAttributes(span, totals);
    } catch (error) {
      this.fail('onEnding', error);
    }
  }

  /** Adds `span` to its request's totals when it lies below an open root. */
  onEnd(span: ReadableSpan): void {
    try {
      const spanId = spanIdOf(span);
      const totals = spanId === undefined ? undefined : this.requestById.get(spanId);
      if (spanId === undefined || totals === undefined) return;
      this.requestById.delete(spanId);
      totals.openSpanIds.delete(spanId);
      if (totals.open && !this.openRoots.has(span)) totals.add(span, false);
    } catch (error) {
      this.fail('onEnd', error);
    }
  }

  /** A snapshot of this rollup's counters. */
  stats(): RequestRollupStats {
    return { openRoots: this.openRoots.size, droppedRoots: this.droppedRoots, failures: this.failures };
  }

  private startRequest(span: Span): void {
    const totals = new RequestTotals();
    this.openRoots.set(span, totals);
    this.tie(span, totals);
    if (this.openRoots.size <= this.maxOpenRoots) return;
    const [oldestSpan, oldest] = this.openRoots.entries().next().value as [object, RequestTotals];
    this.openRoots.delete(oldestSpan);
    this.close(oldest);
    this.droppedRoots++;
    if (!this.warnedDrop) {
      this.warnedDrop = true;
      diag.warn(`RequestRollup: more than ${this.maxOpenRoots} requests open at once; the oldest gets no request totals. Later drops are only counted (stats().droppedRoots)`);
    }
  }

  private tie(span: Span, totals: RequestTotals): void {
    const spanId = span.spanContext().spanId;
    this.requestById.set(spanId, totals);
    totals.openSpanIds.add(spanId);
  }

  /** Ends a request's tracking: no span is added to it from now on. */
  private close(totals: RequestTotals): void {
    totals.open = false;
    for (const spanId of totals.openSpanIds) this.requestById.delete(spanId);
    totals.openSpanIds.clear();
  }

  private fail(hook: string, error: unknown): void {
    this.failures++;
    if (this.warnedFailure) return;
    this.warnedFailure = true;
    diag.warn(`RequestRollup.${hook} skipped a span after an unexpected error; later failures are only counted (stats().failures)`, error);
  }
}

function writeRequestAttributes(span: Span, totals: RequestTotals): void {
  const failed = span.status.code === SpanStatusCode.ERROR;
  const outcome: RequestOutcome = failed ? 'failure' : totals.errors > 0 || totals.fallbacks > 0 ? 'partial' : 'success';
  const put = (key: string, value: AttributeValue): void => {
    if (span.attributes[key] === undefined) span.setAttribute(key, value);
  };
  put(ATTR_REQUEST_OUTCOME, outcome);
  put(ATTR_REQUEST_DURATION_MS, span.duration[0] * 1e3 + span.duration[1] / 1e6);
  if (totals.hasTokens) {
    put(ATTR_REQUEST_INPUT_TOKENS, totals.inputTokens);
    put(ATTR_REQUEST_OUTPUT_TOKENS, totals.outputTokens);
  }
  // Rounded as each span's cost is, so the sum reads as the exact sum of the calls' costs.
  if (totals.hasCost) put(ATTR_REQUEST_COST_USD, roundUsd(totals.costUsd));
  put(ATTR_REQUEST_STEP_COUNT, totals.steps);
  put(ATTR_REQUEST_LLM_CALL_COUNT, totals.llmCalls);
  put(ATTR_REQUEST_TOOL_CALL_COUNT, totals.toolCalls);
  put(ATTR_REQUEST_ERROR_COUNT, totals.errors);
  put(ATTR_REQUEST_RETRY_COUNT, totals.retries);
  put(ATTR_REQUEST_FALLBACK_COUNT, totals.fallbacks);
}
