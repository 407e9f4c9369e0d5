import { diag, propagation, type AttributeValue, type Attributes, type Context } from '@opentelemetry/api';
import type { ReadableSpan, SdkSpan as Span, SpanProcessor } from '@agent-otel/capture';
import { getAgentName } from './agent-context';
import {
  ATTR_COST_CACHE_READ_USD,
  ATTR_COST_CACHE_WRITE_USD,
  ATTR_COST_INPUT_USD,
  ATTR_COST_OUTPUT_USD,
  ATTR_COST_PRICE_TABLE,
  ATTR_COST_REASONING_USD,
  ATTR_COST_USD,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_VERSION,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_SESSION_ID,
  ATTR_TENANT_ID,
  ATTR_USAGE_TOTAL_TOKENS,
  ATTR_USER_ID,
  BAGGAGE_SESSION_ID,
  BAGGAGE_TENANT_ID,
  BAGGAGE_USER_ID,
} from './attributes';
import { DEFAULT_PRICE_TABLE, DEFAULT_PRICE_TABLE_ID } from './default-price-table';
import { resolveLimitOptions, type LimitOptions } from './limits/limit-options';
import { SpanLimiter } from './limits/span-limiter';
import { LlmCallDedupe } from './outcome/llm-call-dedupe';
import { AGGREGATE_OPERATIONS } from './outcome/operations';
import { RequestRollup, type RequestRollupOptions, type RequestRollupStats } from './outcome/request-rollup';
import { createNormalizer, type NormalizeOptions, type Normalizer } from './normalize/normalizer';
import { OI_LLM_TOKEN_COUNT_PREFIX } from './openinference/names';
import { openInferenceAttributes } from './openinference/openinference-attributes';
import { createPriceLookup, estimateCost, type PriceLookup, type PriceTable } from './price-table';
import { resolveRedactionOptions, type RedactionOptions } from './redaction/redaction-options';
import { SpanRedactor } from './redaction/span-redactor';
import { tokenCount } from './token-count';

/** Baggage key → span attribute copied by default: session, user and tenant ids. */
export const DEFAULT_BAGGAGE_KEYS: Readonly<Record<string, string>> = Object.freeze({
  [BAGGAGE_SESSION_ID]: ATTR_SESSION_ID,
  [BAGGAGE_USER_ID]: ATTR_USER_ID,
  [BAGGAGE_TENANT_ID]: ATTR_TENANT_ID,
});

/** Options of {@link GenAiSpanProcessor}. */
export interface GenAiSpanProcessorOptions {
  /**
   * Agent name written as `gen_ai.agent.name` on spans that have none and are not inside a
   * `traceAgent` call (inside one, that agent's name is used). Default: none written.
   */
  agentName?: string;
  /** Written as `gen_ai.agent.version` on every span that has none. Default: none written. */
  agentVersion?: string;
  /**
   * Prices used to write `agent_otel.cost.*`. Replaces the default table (spread
   * `DEFAULT_PRICE_TABLE` into yours to extend it); `{}` turns cost off.
   * Default: `DEFAULT_PRICE_TABLE`, indicative list prices.
   */
  priceTable?: PriceTable;
  /**
   * Written as `agent_otel.cost.price_table` on every priced span, so a cost can be traced to the
   * prices behind it. Default: `DEFAULT_PRICE_TABLE_ID` with the default table, `custom` with yours.
   */
  priceTableId?: string;
  /**
   * Baggage key → span attribute, copied from the parent context's W3C baggage onto every span.
   * Replaces the default mapping; `{}` copies nothing.
   * Default: `DEFAULT_BAGGAGE_KEYS` (`session.id` → `session.id`, `user.id` → `user.id`,
   * `tenant.id` → `agent_otel.tenant.id`).
   */
  baggageKeys?: Readonly<Record<string, string>>;
  /**
   * Map other instrumentations' attribute names (OpenInference, OpenLLMetry, the Vercel AI SDK,
   * deprecated OTel names) onto the GenAI conventions; `false` turns it off, an object picks the
   * conventions. Default: `true` (all conventions).
   */
  normalize?: boolean | NormalizeOptions;
  /**
   * Also write OpenInference names (span kind, model, token counts, invocation parameters,
   * flattened messages, `input.value` / `output.value`, tool and retrieval attributes) so Arize
   * Phoenix renders the spans. Default: `false`.
   */
  openInference?: boolean;
  /**
   * Redaction of prompts, completions, tool calls, retrieval documents and error messages on every
   * span, whatever produced it; `false` turns it off. Default: `{}` (every kind `redacted` with
   * all built-in detectors; see {@link RedactionOptions}). Invalid options throw a TypeError.
   */
  redaction?: false | RedactionOptions;
  /**
   * Length limits per value and per span, message count limit, and the encoding of non-finite
   * numbers. Default: `{}` (128 Ki units per value, 1 Mi per span, NaN/±Infinity as strings; see
   * {@link LimitOptions}). Invalid options throw a TypeError.
   */
  limits?: LimitOptions;
  /**
   * Request-level outcome and totals on the first span of each request in this process
   * (`agent_otel.request.*`, rolled up from its descendants); `false` turns it off.
   * Default: `{}` (on, see {@link RequestRollupOptions}).
   */
  requestRollup?: false | RequestRollupOptions;
  /**
   * Count each model call once when a span and its direct parent describe the same call (same
   * operation and request model): a `traceLlmCall` span around an instrumented client, or two
   * instrumentations of one client. The outer span is counted and gets the usage it lacks from the
   * inner one; the inner gets `agent_otel.llm.duplicate_of` and no `agent_otel.cost.*`, and the request
   * roll-up skips it. `false` turns this off. Default: `true`.
   */
  dedupeLlmCalls?: boolean;
}

/** Counters a {@link GenAiSpanProcessor} keeps; read them with `stats()`. */
export interface GenAiSpanProcessorStats {
  /** Spans on which enrichment failed with an unexpected error and was skipped. */
  readonly failures: number;
  /** Spans with token usage and a model name that the price table has no price for. */
  readonly unpriced: number;
  /** Spans on which normalization wrote canonical attributes. */
  readonly normalized: number;
  /** Sensitive values masked or hashed by redaction. */
  readonly redacted: number;
  /** Attributes removed by redaction mode `none`. */
  readonly removed: number;
  /** Values replaced whole because a detector threw or an edit failed (redaction fails closed). */
  readonly redactionFailures: number;
  /** Values or message lists cut to the limits. */
  readonly truncated: number;
  /** Model-call spans marked `agent_otel.llm.duplicate_of` (not counted, no cost). */
  readonly duplicateLlmCalls: number;
  /** Request roll-up counters (open roots, dropped roots, failures); absent when it is off. */
  readonly requestRollup?: RequestRollupStats;
}

/**
 * Enriches spans with GenAI context. Never overwrites an attribute a span already has.
 *
 * - `onStart`: copies baggage ids (see {@link GenAiSpanProcessorOptions.baggageKeys}) and the agent
 *   name and version onto the span.
 * - `onEnding`, in this order: cuts values far beyond the size limits; normalizes other
 *   conventions into the canonical names; marks a model call another span already describes (see
 *   {@link GenAiSpanProcessorOptions.dedupeLlmCalls}); derives
 *   `agent_otel.usage.total_tokens` from input and output tokens, and the `agent_otel.cost.*`
 *   estimate from the price table (response model, then request model); redacts content; enforces
 *   the size limits; and, when asked, writes the OpenInference names from the final attributes.
 *   Everything happens before `onEnd`, so no later processor or exporter sees unredacted content.
 *
 * It exports nothing; register it before the processors that export. Its hooks never throw:
 * failures are counted in {@link GenAiSpanProcessor.stats} and the first one is logged through `diag`.
 */
export class GenAiSpanProcessor implements SpanProcessor {
  private readonly agentName: string | undefined;
  private readonly agentVersion: string | undefined;
  private readonly baggageEntries: ReadonlyArray<readonly [string, string]>;
  private readonly findPrice: PriceLookup;
  private readonly priceTableId: string;
  private readonly normalizer: Normalizer | undefined;
  private readonly redactor: SpanRedactor | undefined;
  private readonly limiter: SpanLimiter;
  private readonly openInference: boolean;
  private readonly rollup: RequestRollup | undefined;
  private readonly dedupe: LlmCallDedupe | undefined;
  private readonly counters = { failures: 0, unpriced: 0, normalized: 0, truncated: 0, duplicateLlmCalls: 0 };
  private readonly redactionCounters = { detections: 0, removed: 0, failures: 0 };
  private warned = false;

  /** Throws a TypeError for an invalid price table, baggage mapping, normalize, redaction or limits option. */
  constructor(options: GenAiSpanProcessorOptions = {}) {
    this.agentName = nonEmpty(options.agentName);
    this.agentVersion = nonEmpty(options.agentVersion);
    this.findPrice = createPriceLookup(options.priceTable ?? DEFAULT_PRICE_TABLE);
    if (options.priceTableId !== undefined && (typeof options.priceTableId !== 'string' || options.priceTableId.trim() === '')) {
      throw new TypeError(`priceTableId must be a non-empty string; got ${JSON.stringify(options.priceTableId)}`);
    }
    this.priceTableId = options.priceTableId ?? (options.priceTable === undefined ? DEFAULT_PRICE_TABLE_ID : 'custom');
    this.baggageEntries = Object.entries(options.baggageKeys ?? DEFAULT_BAGGAGE_KEYS).map(([key, attribute]) => {
      if (typeof attribute !== 'string' || attribute === '') {
        throw new TypeError(`baggageKeys: baggage key ${JSON.stringify(key)} must map to a non-empty attribute name`);
      }
      return [key, attribute] as const;
    });
    const normalize = options.normalize ?? true;
    this.normalizer = normalize === false ? undefined : createNormalizer(normalize === true ? {} : normalize);
    this.redactor = options.redaction === false ? undefined : new SpanRedactor(resolveRedactionOptions(options.redaction ?? {}));
    this.limiter = new SpanLimiter(resolveLimitOptions(options.limits ?? {}));
    this.openInference = options.openInference === true;
    this.rollup = options.requestRollup === false ? undefined : new RequestRollup(options.requestRollup ?? {});
    const normalizer = this.normalizer;
    this.dedupe = options.dedupeLlmCalls === false ? undefined : new LlmCallDedupe((attributes) => (normalizer ? normalizedCopy(normalizer, attributes) : {}));
  }

  /** Copies baggage ids and the agent name and version onto `span`. */
  onStart(span: Span, parentContext: Context): void {
    try {
      const attributes = span.attributes;
      const baggage = propagation.getBaggage(parentContext);
      if (baggage !== undefined) {
        for (const [key, attribute] of this.baggageEntries) {
          if (attributes[attribute] !== undefined) continue;
          const value = baggage.getEntry(key)?.value;
          if (value) span.setAttribute(attribute, value);
        }
      }
      if (attributes[ATTR_GEN_AI_AGENT_NAME] === undefined) {
        const agentName = getAgentName(parentContext) ?? this.agentName;
        if (agentName !== undefined) span.setAttribute(ATTR_GEN_AI_AGENT_NAME, agentName);
      }
      if (this.agentVersion !== undefined && attributes[ATTR_GEN_AI_AGENT_VERSION] === undefined) {
        span.setAttribute(ATTR_GEN_AI_AGENT_VERSION, this.agentVersion);
      }
      this.dedupe?.onStart(span);
    } catch (error) {
      this.fail('onStart', error);
    }
    this.rollup?.onStart(span, parentContext);
  }

  /**
   * While `span` is still writable: normalize, derive totals and cost, redact, enforce limits,
   * write OpenInference names. Each stage runs on its own: an unexpected error in one is counted
   * and the next still runs; an error while redacting removes the span's content (fails closed).
   */
  onEnding(span: Span): void {
    let failure: { stage: string; error: unknown } | undefined;
    const run = (stage: string, fn: () => void): void => {
      try {
        fn();
      } catch (error) {
        failure ??= { stage, error };
        if (stage === 'redact') {
          this.redactionCounters.failures++;
          this.redactor?.dropContent(span);
        }
      }
    };
    // First, so that no later stage (normalization copies content, redaction scans it) pays for more than the limits allow.
    let preCut = false;
    if (this.limiter.active) run('limits', () => void (preCut = this.limiter.preCut(span, this.counters)));
    const normalizer = this.normalizer;
    if (normalizer !== undefined) run('normalize', () => void (normalizer(span) && this.counters.normalized++));
    // After normalization, so instrumentations' own names count; before cost, which a duplicate never gets.
    let duplicate = false;
    const dedupe = this.dedupe;
    if (dedupe !== undefined) run('dedupe', () => void (duplicate = dedupe.onEnding(span)));
    if (duplicate) this.counters.duplicateLlmCalls++;
    run('derive', () => this.derive(span, duplicate));
    const redactor = this.redactor;
    if (redactor !== undefined) run('redact', () => redactor.redact(span, this.redactionCounters));
    if (this.limiter.active) run('limits', () => this.limiter.limitSpan(span, this.counters, preCut));
    if (this.openInference) {
      // Phoenix adds token counts up the tree: a duplicate call's counts would be added twice.
      run('openInference', () => this.limiter.writeNew(span, openInferenceNames(span.attributes, duplicate), this.counters));
    }
    if (failure !== undefined) this.fail(`onEnding (${failure.stage})`, failure.error);
    // Last, so a root's own usage and cost are final; RequestRollup never throws.
    this.rollup?.onEnding(span);
  }

  private derive(span: Span, duplicate: boolean): void {
    const attributes = span.attributes;
    const rawInput = attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS];
    const rawOutput = attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS];
    const input = tokenCount(rawInput);
    const output = tokenCount(rawOutput);
    // A usage attribute that is present but not a count makes any sum a guess: leave the span as is.
    if ((rawInput !== undefined && input === undefined) || (rawOutput !== undefined && output === undefined)) return;
    if (input === undefined && output === undefined) return;
    if (attributes[ATTR_USAGE_TOTAL_TOKENS] === undefined) {
      span.setAttribute(ATTR_USAGE_TOTAL_TOKENS, (input ?? 0) + (output ?? 0));
    }
    if (duplicate) return;
    if (attributes[ATTR_COST_USD] === undefined && !AGGREGATE_OPERATIONS.has(attributes[ATTR_GEN_AI_OPERATION_NAME])) {
      this.addCost(span, attributes, input ?? 0, output ?? 0);
    }
  }

  /** Adds the finished span to its request's totals. */
  onEnd(span: ReadableSpan): void {
    this.rollup?.onEnd(span);
  }

  /** Resolves at once; this processor holds nothing. */
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  /** Resolves at once; this processor holds nothing. Safe to call more than once. */
  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  /** A snapshot of this processor's counters. */
  stats(): GenAiSpanProcessorStats {
    const c = this.counters;
    const r = this.redactionCounters;
    return {
      failures: c.failures,
      unpriced: c.unpriced,
      normalized: c.normalized,
      redacted: r.detections,
      removed: r.removed,
      redactionFailures: r.failures,
      truncated: c.truncated,
      duplicateLlmCalls: c.duplicateLlmCalls,
      ...(this.rollup ? { requestRollup: this.rollup.stats() } : {}),
    };
  }

  /**
   * A snapshot of this processor's counters: the same as {@link GenAiSpanProcessor.stats}.
   * @deprecated Use `stats()`, the counter verb of every agent-otel package; removed in 1.0.
   */
  getStats(): GenAiSpanProcessorStats {
    return this.stats();
  }

  private addCost(span: Span, attributes: Attributes, inputTokens: number, outputTokens: number): void {
    const responseModel = attributes[ATTR_GEN_AI_RESPONSE_MODEL];
    const requestModel = attributes[ATTR_GEN_AI_REQUEST_MODEL];
    const hasResponseModel = typeof responseModel === 'string' && responseModel !== '';
    const hasRequestModel = typeof requestModel === 'string' && requestModel !== '';
    if (!hasResponseModel && !hasRequestModel) return;
    const price = (hasResponseModel ? this.findPrice(responseModel) : undefined) ?? (hasRequestModel ? this.findPrice(requestModel) : undefined);
    if (price === undefined) {
      this.counters.unpriced++;
      return;
    }
    const cacheRead = tokenCount(attributes[ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]);
    const cacheWrite = tokenCount(attributes[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]);
    const reasoning = tokenCount(attributes[ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]);
    const cost = estimateCost(price, { input: inputTokens, output: outputTokens, cacheRead, cacheWrite, reasoning });
    span.setAttribute(ATTR_COST_INPUT_USD, cost.inputUsd);
    span.setAttribute(ATTR_COST_OUTPUT_USD, cost.outputUsd);
    span.setAttribute(ATTR_COST_USD, cost.totalUsd);
    if (cacheRead !== undefined) span.setAttribute(ATTR_COST_CACHE_READ_USD, cost.cacheReadUsd);
    if (cacheWrite !== undefined) span.setAttribute(ATTR_COST_CACHE_WRITE_USD, cost.cacheWriteUsd);
    if (reasoning !== undefined) span.setAttribute(ATTR_COST_REASONING_USD, cost.reasoningUsd);
    span.setAttribute(ATTR_COST_PRICE_TABLE, this.priceTableId);
  }

  private fail(hook: string, error: unknown): void {
    this.counters.failures++;
    if (this.warned) return;
    this.warned = true;
    diag.warn(`GenAiSpanProcessor.${hook} skipped a span after an unexpected error; later failures are only counted (stats().failures)`, error);
  }
}

/** The OpenInference names of `attributes`; for a duplicate call, without its token counts. */
function openInferenceNames(attributes: Attributes, duplicate: boolean): Attributes {
  const names = openInferenceAttributes(attributes);
  if (!duplicate) return names;
  return Object.fromEntries(Object.entries(names).filter(([key]) => !key.startsWith(OI_LLM_TOKEN_COUNT_PREFIX)));
}

/** `attributes` as the normalizer would leave them, without touching the span they belong to. */
function normalizedCopy(normalizer: Normalizer, attributes: Attributes): Attributes {
  const copy: Attributes = { ...attributes };
  const view = {
    attributes: copy,
    setAttributes: (values: Attributes) => void Object.assign(copy, values),
    setAttribute: (key: string, value: AttributeValue) => void (copy[key] = value),
  };
  normalizer(view as unknown as Span);
  return copy;
}

function nonEmpty(value: string | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
