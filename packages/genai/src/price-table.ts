/** Price of one model, in US dollars per million tokens. */
export interface ModelPrice {
  /** USD per 1,000,000 input (prompt) tokens. */
  readonly inputPerMillion: number;
  /** USD per 1,000,000 output (completion) tokens. */
  readonly outputPerMillion: number;
}

/**
 * Model name → price. Keys are matched case-insensitively against the span's model: exactly, or
 * as a prefix followed by a version or date suffix (see {@link createPriceLookup}).
 */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/** Finds the price of a model name in one table; `undefined` when the table has none. */
export type PriceLookup = (model: string) => ModelPrice | undefined;

/** Estimated cost of one call, in US dollars. */
export interface CostEstimate {
  /** Cost of the input tokens. */
  readonly inputUsd: number;
  /** Cost of the output tokens. */
  readonly outputUsd: number;
  /** `inputUsd + outputUsd`. */
  readonly totalUsd: number;
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
  const prices = new Map<string, ModelPrice>();
  for (const [name, price] of Object.entries(table)) {
    validatePrice(name, price);
    prices.set(name.toLowerCase(), { inputPerMillion: price.inputPerMillion, outputPerMillion: price.outputPerMillion });
  }
  const keysLongestFirst = [...prices.keys()].sort((a, b) => b.length - a.length);
  const memo = new Map<string, ModelPrice | null>();

  const find = (name: string): ModelPrice | undefined => {
    const exact = prices.get(name);
    if (exact !== undefined) return exact;
    for (const key of keysLongestFirst) {
      if (name.startsWith(key) && VERSION_SUFFIX.test(name.slice(key.length))) return prices.get(key);
    }
    return undefined;
  };

  return (model: string): ModelPrice | undefined => {
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

/** Cost of `inputTokens` and `outputTokens` at `price`, rounded to 1e-12 USD to drop float noise. */
export function estimateCost(price: ModelPrice, inputTokens: number, outputTokens: number): CostEstimate {
  const inputUsd = roundUsd((inputTokens * price.inputPerMillion) / 1_000_000);
  const outputUsd = roundUsd((outputTokens * price.outputPerMillion) / 1_000_000);
  return { inputUsd, outputUsd, totalUsd: roundUsd(inputUsd + outputUsd) };
}

function roundUsd(usd: number): number {
  return Math.round(usd * 1e12) / 1e12;
}

function validatePrice(name: string, price: unknown): asserts price is ModelPrice {
  const entry = price as Partial<ModelPrice> | null;
  if (name.trim() === '') throw new TypeError('priceTable: model names must not be empty');
  for (const field of ['inputPerMillion', 'outputPerMillion'] as const) {
    const value = entry?.[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new TypeError(
        `priceTable: ${JSON.stringify(name)}.${field} must be a finite, non-negative number of USD per million tokens; got ${String(value)}`,
      );
    }
  }
}
