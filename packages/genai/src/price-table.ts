/** Price of one model, in US dollars per million tokens. */
export interface ModelPrice {
  /** USD per 1,000,000 input (prompt) tokens not read from or written to the provider's cache. */
  readonly inputPerMillion: number;
  /** USD per 1,000,000 output (completion) tokens. */
  readonly outputPerMillion: number;
  /** USD per 1,000,000 input tokens read from the provider's prompt cache. Default: `inputPerMillion`. */
  readonly cacheReadPerMillion?: number;
  /** USD per 1,000,000 input tokens written to the provider's prompt cache. Default: `inputPerMillion`. */
  readonly cacheWritePerMillion?: number;
  /** USD per 1,000,000 output tokens spent on reasoning. Default: `outputPerMillion`. */
  readonly reasoningPerMillion?: number;
}

/** A price with every optional rate filled in from the base rates. */
export interface ResolvedModelPrice {
  readonly inputPerMillion: number;
  readonly outputPerMillion: number;
  readonly cacheReadPerMillion: number;
  readonly cacheWritePerMillion: number;
  readonly reasoningPerMillion: number;
}

/**
 * The token counts of one call, as the GenAI conventions report them: cache reads and writes are
 * part of `input`, reasoning tokens part of `output`.
 */
export interface TokenUsage {
  readonly input: number;
  readonly output: number;
  /** `gen_ai.usage.cache_read.input_tokens`. Default 0. */
  readonly cacheRead?: number;
  /** `gen_ai.usage.cache_creation.input_tokens`. Default 0. */
  readonly cacheWrite?: number;
  /** `gen_ai.usage.reasoning.output_tokens`. Default 0. */
  readonly reasoning?: number;
}

/**
 * Model name → price. Keys are matched case-insensitively against the span's model: exactly, or
 * as a prefix followed by a version or date suffix (see {@link createPriceLookup}).
 */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/** Finds the price of a model name in one table; `undefined` when the table has none. */
export type PriceLookup = (model: string) => ResolvedModelPrice | undefined;

/** Estimated cost of one call, in US dollars. */
export interface CostEstimate {
  /** Cost of the input tokens, cache reads and writes included. */
  readonly inputUsd: number;
  /** Cost of the output tokens, reasoning included. */
  readonly outputUsd: number;
  /** `inputUsd + outputUsd`. */
  readonly totalUsd: number;
  /** The part of `inputUsd` for tokens read from the cache (0 when none were). */
  readonly cacheReadUsd: number;
  /** The part of `inputUsd` for tokens written to the cache (0 when none were). */
  readonly cacheWriteUsd: number;
  /** The part of `outputUsd` for reasoning tokens (0 when none were). */
  readonly reasoningUsd: number;
}

/**
 * What may follow a table key in a model name for the key to match: a separator and then a digit,
 * `v` and a digit, or `latest`. So `gpt-4o-mini-2024-07-18`, `claude-3-5-sonnet@20240620`,
 * `gemini-1.5-pro-002` and `claude-3-5-sonnet-latest` match their base names, while
 * `gpt-4o-mini` never matches `gpt-4o` (a different model with a different price).
 */
const VERSION_SUFFIX = /^[-@:_](?:v?\d|latest$)/;

/** Model names remembered per lookup; the memo is cleared when it fills up. */
const MEMO_LIMIT = 256;

/**
 * Compiles `table` into a lookup. Throws a TypeError naming the entry when a price is not a finite,
 * non-negative number (this runs when a processor is built, never on the span path).
 *
 * A model name is looked up as given and, when it carries a path such as `openai/gpt-4o`, by its last
 * segment; each form first exactly, then by the longest table key that it starts with followed by a
 * version or date suffix.
 */
export function createPriceLookup(table: PriceTable): PriceLookup {
  const prices = new Map<string, ResolvedModelPrice>();
  for (const [name, price] of Object.entries(table)) {
    validatePrice(name, price);
    prices.set(name.toLowerCase(), {
      inputPerMillion: price.inputPerMillion,
      outputPerMillion: price.outputPerMillion,
      cacheReadPerMillion: price.cacheReadPerMillion ?? price.inputPerMillion,
      cacheWritePerMillion: price.cacheWritePerMillion ?? price.inputPerMillion,
      reasoningPerMillion: price.reasoningPerMillion ?? price.outputPerMillion,
    });
  }
  const keysLongestFirst = [...prices.keys()].sort((a, b) => b.length - a.length);
  const memo = new Map<string, ResolvedModelPrice | null>();

  const find = (name: string): ResolvedModelPrice | undefined => {
    const exact = prices.get(name);
    if (exact !== undefined) return exact;
    for (const key of keysLongestFirst) {
      if (name.startsWith(key) && VERSION_SUFFIX.test(name.slice(key.length))) return prices.get(key);
    }
    return undefined;
  };

  return (model: string): ResolvedModelPrice | undefined => {
    const remembered = memo.get(model);
    if (remembered !== undefined) return remembered ?? undefined;
    const lower = model.trim().toLowerCase();
    const slash = lower.lastIndexOf('/');
    const price = find(lower) ?? (slash >= 0 ? find(lower.slice(slash + 1)) : undefined);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(model, price ?? null);
    return price;
  };
}

/**
 * Cost of one call at `price`, each part rounded to 1e-12 USD to drop float noise. Cache reads and
 * writes are priced at their own rates and the rest of the input at the input rate; reasoning
 * tokens at the reasoning rate and the rest of the output at the output rate. When the cache counts
 * add up to more than `input` (an instrumentation that reports the uncached input only, as
 * Anthropic's API does), `input` is taken as the uncached part; reasoning is capped at `output`.
 * A `ModelPrice` without the optional rates prices every token at the base rates.
 */
export function estimateCost(price: ModelPrice | ResolvedModelPrice, usage: TokenUsage): CostEstimate {
  const cacheRead = Math.max(0, usage.cacheRead ?? 0);
  const cacheWrite = Math.max(0, usage.cacheWrite ?? 0);
  const cached = cacheRead + cacheWrite;
  const uncached = cached > usage.input ? usage.input : usage.input - cached;
  const reasoning = Math.min(Math.max(0, usage.reasoning ?? 0), usage.output);
  const perToken = (tokens: number, perMillion: number): number => (tokens * perMillion) / 1_000_000;
  const cacheReadUsd = roundUsd(perToken(cacheRead, price.cacheReadPerMillion ?? price.inputPerMillion));
  const cacheWriteUsd = roundUsd(perToken(cacheWrite, price.cacheWritePerMillion ?? price.inputPerMillion));
  const reasoningUsd = roundUsd(perToken(reasoning, price.reasoningPerMillion ?? price.outputPerMillion));
  const inputUsd = roundUsd(perToken(uncached, price.inputPerMillion) + cacheReadUsd + cacheWriteUsd);
  const outputUsd = roundUsd(perToken(usage.output - reasoning, price.outputPerMillion) + reasoningUsd);
  return { inputUsd, outputUsd, totalUsd: roundUsd(inputUsd + outputUsd), cacheReadUsd, cacheWriteUsd, reasoningUsd };
}

/** `usd` rounded to 1e-12 USD, which drops the noise of float sums. */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1e12) / 1e12;
}

function validatePrice(name: string, price: unknown): asserts price is ModelPrice {
  const entry = price as Partial<ModelPrice> | null;
  if (name.trim() === '') throw new TypeError('priceTable: model names must not be empty');
  for (const field of ['inputPerMillion', 'outputPerMillion', 'cacheReadPerMillion', 'cacheWritePerMillion', 'reasoningPerMillion'] as const) {
    const value = entry?.[field];
    const optional = field !== 'inputPerMillion' && field !== 'outputPerMillion';
    if (optional && value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new TypeError(`priceTable: ${JSON.stringify(name)}.${field} must be a finite, non-negative number of USD per million tokens; got ${String(value)}`);
    }
  }
}
