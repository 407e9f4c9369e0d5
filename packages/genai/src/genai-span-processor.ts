import { diag, propagation, type Attributes, type Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { getAgentName } from './agent-context';
import {
  ATTR_COST_INPUT_USD,
  ATTR_COST_OUTPUT_USD,
  ATTR_COST_USD,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_VERSION,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_SESSION_ID,
  ATTR_TENANT_ID,
  ATTR_USAGE_TOTAL_TOKENS,
  ATTR_USER_ID,
  BAGGAGE_SESSION_ID,
  BAGGAGE_TENANT_ID,
  BAGGAGE_USER_ID,
} from './attributes';
import { DEFAULT_PRICE_TABLE } from './default-price-table';
import { createPriceLookup, estimateCost, type PriceLookup, type PriceTable } from './price-table';
import { tokenCount } from './token-count';

/** Baggage key → span attribute copied by default: session, user and tenant ids. */
export const DEFAULT_BAGGAGE_KEYS: Readonly<Record<string, string>> = Object.freeze({
  [BAGGAGE_SESSION_ID]: ATTR_SESSION_ID,
  [BAGGAGE_USER_ID]: ATTR_USER_ID,
  [BAGGAGE_TENANT_ID]: ATTR_TENANT_ID,
});

/**
 * Operations whose usage attributes, per the conventions, add up the model calls beneath them.
 * Their spans get total tokens but no cost, so summing cost over a trace counts each call once.
 */
const AGGREGATE_OPERATIONS: ReadonlySet<unknown> = new Set(['invoke_agent', 'invoke_workflow', 'create_agent']);

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
   * Baggage key → span attribute, copied from the parent context's W3C baggage onto every span.
   * Replaces the default mapping; `{}` copies nothing.
   * Default: `DEFAULT_BAGGAGE_KEYS` (`session.id` → `session.id`, `user.id` → `user.id`,
   * `tenant.id` → `agent_otel.tenant.id`).
   */
  baggageKeys?: Readonly<Record<string, string>>;
}

/** Counters a {@link GenAiSpanProcessor} keeps; read them with `getStats()`. */
export interface GenAiSpanProcessorStats {
  /** Spans on which enrichment failed with an unexpected error and was skipped. */
  readonly failures: number;
  /** Spans with token usage and a model name that the price table has no price for. */
  readonly unpriced: number;
}

/**
 * Enriches spans with GenAI context. Never overwrites an attribute a span already has.
 *
 * - `onStart`: copies baggage ids (see {@link GenAiSpanProcessorOptions.baggageKeys}) and the agent
 *   name and version onto the span.
 * - `onEnding`: derives `agent_otel.usage.total_tokens` from input and output tokens, and the
 *   `agent_otel.cost.*` estimate from the price table, looking up the response model, then the
 *   request model.
 *
 * It exports nothing; register it before the processors that export. Its hooks never throw:
 * failures are counted in {@link getStats} and the first one is logged through `diag`.
 */
export class GenAiSpanProcessor implements SpanProcessor {
  private readonly agentName: string | undefined;
  private readonly agentVersion: string | undefined;
  private readonly baggageEntries: ReadonlyArray<readonly [string, string]>;
  private readonly findPrice: PriceLookup;
  private failures = 0;
  private unpriced = 0;
  private warned = false;

  /** Throws a TypeError for an invalid price table or baggage mapping. */
  constructor(options: GenAiSpanProcessorOptions = {}) {
    this.agentName = nonEmpty(options.agentName);
    this.agentVersion = nonEmpty(options.agentVersion);
    this.findPrice = createPriceLookup(options.priceTable ?? DEFAULT_PRICE_TABLE);
    this.baggageEntries = Object.entries(options.baggageKeys ?? DEFAULT_BAGGAGE_KEYS).map(([key, attribute]) => {
      if (typeof attribute !== 'string' || attribute === '') {
        throw new TypeError(`baggageKeys: baggage key ${JSON.stringify(key)} must map to a non-empty attribute name`);
      }
      return [key, attribute] as const;
    });
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
    } catch (error) {
      this.fail('onStart', error);
    }
  }

  /** Derives total tokens and cost while `span` is still writable. */
  onEnding(span: Span): void {
    try {
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
      if (attributes[ATTR_COST_USD] === undefined && !AGGREGATE_OPERATIONS.has(attributes[ATTR_GEN_AI_OPERATION_NAME])) {
        this.addCost(span, attributes, input ?? 0, output ?? 0);
      }
    } catch (error) {
      this.fail('onEnding', error);
    }
  }

  /** Does nothing: all work happens while the span is still writable. */
  onEnd(_span: ReadableSpan): void {}

  /** Resolves at once; this processor holds nothing. */
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  /** Resolves at once; this processor holds nothing. Safe to call more than once. */
  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  /** A snapshot of this processor's counters. */
  getStats(): GenAiSpanProcessorStats {
    return { failures: this.failures, unpriced: this.unpriced };
  }

  private addCost(span: Span, attributes: Attributes, inputTokens: number, outputTokens: number): void {
    const responseModel = attributes[ATTR_GEN_AI_RESPONSE_MODEL];
    const requestModel = attributes[ATTR_GEN_AI_REQUEST_MODEL];
    const hasResponseModel = typeof responseModel === 'string' && responseModel !== '';
    const hasRequestModel = typeof requestModel === 'string' && requestModel !== '';
    if (!hasResponseModel && !hasRequestModel) return;
    const price =
      (hasResponseModel ? this.findPrice(responseModel) : undefined) ??
      (hasRequestModel ? this.findPrice(requestModel) : undefined);
    if (price === undefined) {
      this.unpriced++;
      return;
    }
    const cost = estimateCost(price, inputTokens, outputTokens);
    span.setAttribute(ATTR_COST_INPUT_USD, cost.inputUsd);
    span.setAttribute(ATTR_COST_OUTPUT_USD, cost.outputUsd);
    span.setAttribute(ATTR_COST_USD, cost.totalUsd);
  }

  private fail(hook: string, error: unknown): void {
    this.failures++;
    if (this.warned) return;
    this.warned = true;
    diag.warn(`GenAiSpanProcessor.${hook} skipped a span after an unexpected error; later failures are only counted (getStats().failures)`, error);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
