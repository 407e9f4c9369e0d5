import type { PriceTable } from './price-table';

/** The id written as `agent_otel.cost.price_table` on spans priced by {@link DEFAULT_PRICE_TABLE}. */
export const DEFAULT_PRICE_TABLE_ID = 'agent-otel-default-2025-06';

/**
 * A small table of public list prices, USD per million tokens: standard tier, no batch discount,
 * shortest-context tier, as the providers' pricing pages listed them in June 2025
 * ({@link DEFAULT_PRICE_TABLE_ID}). Cache reads are priced where the provider discounts them
 * (OpenAI cached input, Anthropic cache hits, Gemini context caching), cache writes where the
 * provider charges a premium (Anthropic's 5-minute cache write, 1.25× input); reasoning tokens are
 * billed as output tokens by all three, so no reasoning rate is set.
 *
 * Indicative only: prices change and contracts differ. Pass your own `priceTable` (and
 * `priceTableId`) to `GenAiSpanProcessor` for numbers you rely on; spread this one into yours to
 * extend it.
 */
export const DEFAULT_PRICE_TABLE: PriceTable = deepFreeze({
  // OpenAI: cached input at 50 % (4o, o1, o3-mini) or 25 % (4.1 family, o4-mini) of the input rate.
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10, cacheReadPerMillion: 1.25 },
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6, cacheReadPerMillion: 0.075 },
  'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8, cacheReadPerMillion: 0.5 },
  'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6, cacheReadPerMillion: 0.1 },
  'gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4, cacheReadPerMillion: 0.025 },
  'gpt-4-turbo': { inputPerMillion: 10, outputPerMillion: 30 },
  'gpt-3.5-turbo': { inputPerMillion: 0.5, outputPerMillion: 1.5 },
  o1: { inputPerMillion: 15, outputPerMillion: 60, cacheReadPerMillion: 7.5 },
  'o3-mini': { inputPerMillion: 1.1, outputPerMillion: 4.4, cacheReadPerMillion: 0.55 },
  'o4-mini': { inputPerMillion: 1.1, outputPerMillion: 4.4, cacheReadPerMillion: 0.275 },
  'text-embedding-3-small': { inputPerMillion: 0.02, outputPerMillion: 0 },
  'text-embedding-3-large': { inputPerMillion: 0.13, outputPerMillion: 0 },
  // Anthropic: cache hits at 10 % of the input rate, 5-minute cache writes at 125 %.
  'claude-3-5-haiku': { inputPerMillion: 0.8, outputPerMillion: 4, cacheReadPerMillion: 0.08, cacheWritePerMillion: 1 },
  'claude-3-5-sonnet': { inputPerMillion: 3, outputPerMillion: 15, cacheReadPerMillion: 0.3, cacheWritePerMillion: 3.75 },
  'claude-3-7-sonnet': { inputPerMillion: 3, outputPerMillion: 15, cacheReadPerMillion: 0.3, cacheWritePerMillion: 3.75 },
  'claude-sonnet-4': { inputPerMillion: 3, outputPerMillion: 15, cacheReadPerMillion: 0.3, cacheWritePerMillion: 3.75 },
  'claude-opus-4': { inputPerMillion: 15, outputPerMillion: 75, cacheReadPerMillion: 1.5, cacheWritePerMillion: 18.75 },
  // Google: context-cache reads at 25 % of the input rate (storage time is not per token, so not priced).
  'gemini-2.0-flash': { inputPerMillion: 0.1, outputPerMillion: 0.4, cacheReadPerMillion: 0.025 },
  'gemini-2.5-flash': { inputPerMillion: 0.3, outputPerMillion: 2.5, cacheReadPerMillion: 0.075 },
  'gemini-2.5-pro': { inputPerMillion: 1.25, outputPerMillion: 10, cacheReadPerMillion: 0.31 },
});

function deepFreeze(table: PriceTable): PriceTable {
  for (const price of Object.values(table)) Object.freeze(price);
  return Object.freeze(table);
}
