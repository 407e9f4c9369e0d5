import { DEFAULT_PRICE_TABLE } from '../src/default-price-table';
import { createPriceLookup, estimateCost, type PriceTable } from '../src/price-table';

const TABLE: PriceTable = {
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'claude-3-5-sonnet': { inputPerMillion: 3, outputPerMillion: 15 },
  'gemini-1.5-pro': { inputPerMillion: 1.25, outputPerMillion: 5 },
};

describe('createPriceLookup', () => {
  const find = createPriceLookup(TABLE);

  it('finds a model by exact name, ignoring case and surrounding space', () => {
    expect(find('gpt-4o')).toMatchObject(TABLE['gpt-4o']);
    expect(find(' GPT-4o-Mini ')).toMatchObject(TABLE['gpt-4o-mini']);
  });

  it.each([
    ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['claude-3-5-sonnet-20241022', 'claude-3-5-sonnet'],
    ['claude-3-5-sonnet@20240620', 'claude-3-5-sonnet'],
    ['claude-3-5-sonnet-latest', 'claude-3-5-sonnet'],
    ['claude-3-5-sonnet-20240620-v1:0', 'claude-3-5-sonnet'],
    ['gemini-1.5-pro-002', 'gemini-1.5-pro'],
    ['openai/gpt-4o-mini', 'gpt-4o-mini'],
    ['models/gemini-1.5-pro-002', 'gemini-1.5-pro'],
  ])('matches %s to %s', (model, key) => {
    expect(find(model)).toMatchObject(TABLE[key]);
  });

  it.each(['gpt-4o-audio-preview', 'gpt-4', 'gpt-4oo', 'claude-3-5-sonnetx', 'llama-3', '', 'gpt-4o-'])('finds no price for %j', (model) => {
    expect(find(model)).toBeUndefined();
  });

  it('does not price a different model that merely shares a prefix', () => {
    const onlyBase = createPriceLookup({ 'gpt-4o': TABLE['gpt-4o'] });
    expect(onlyBase('gpt-4o-mini')).toBeUndefined();
    expect(onlyBase('gpt-4o-mini-2024-07-18')).toBeUndefined();
  });

  it('gives the same answers after its memo fills up', () => {
    for (let i = 0; i < 600; i++) expect(find(`unknown-${i}`)).toBeUndefined();
    expect(find('gpt-4o-mini-2024-07-18')).toMatchObject(TABLE['gpt-4o-mini']);
    expect(find('gpt-4o-mini-2024-07-18')).toMatchObject(TABLE['gpt-4o-mini']);
  });

  it('is not affected by later changes to the table it was built from', () => {
    const table: Record<string, { inputPerMillion: number; outputPerMillion: number }> = { m: { inputPerMillion: 1, outputPerMillion: 1 } };
    const lookup = createPriceLookup(table);
    table.m.inputPerMillion = 50;
    expect(lookup('m')).toMatchObject({ inputPerMillion: 1, outputPerMillion: 1 });
  });

  it.each([
    [{ m: { inputPerMillion: -1, outputPerMillion: 1 } }, '"m".inputPerMillion'],
    [{ m: { inputPerMillion: 1, outputPerMillion: Number.NaN } }, '"m".outputPerMillion'],
    [{ m: { inputPerMillion: Infinity, outputPerMillion: 1 } }, '"m".inputPerMillion'],
    [{ m: { inputPerMillion: 1 } }, '"m".outputPerMillion'],
    [{ m: { inputPerMillion: '1', outputPerMillion: 1 } }, '"m".inputPerMillion'],
    [{ m: null }, '"m".inputPerMillion'],
    [{ ' ': { inputPerMillion: 1, outputPerMillion: 1 } }, 'must not be empty'],
  ])('rejects %j with a TypeError naming the entry', (table, fragment) => {
    expect(() => createPriceLookup(table as unknown as PriceTable)).toThrow(TypeError);
    expect(() => createPriceLookup(table as unknown as PriceTable)).toThrow(fragment);
  });
});

describe('estimateCost', () => {
  it('prices input and output tokens per million', () => {
    expect(estimateCost({ inputPerMillion: 3, outputPerMillion: 15 }, { input: 2_000_000, output: 100_000 })).toEqual({
      inputUsd: 6,
      outputUsd: 1.5,
      totalUsd: 7.5,
      cacheReadUsd: 0,
      cacheWriteUsd: 0,
      reasoningUsd: 0,
    });
  });

  it('rounds away float noise', () => {
    expect(estimateCost({ inputPerMillion: 0.15, outputPerMillion: 0.6 }, { input: 812, output: 64 })).toMatchObject({
      inputUsd: 0.0001218,
      outputUsd: 0.0000384,
      totalUsd: 0.0001602,
    });
  });

  it('is zero for zero tokens', () => {
    expect(estimateCost({ inputPerMillion: 3, outputPerMillion: 15 }, { input: 0, output: 0 }).totalUsd).toBe(0);
  });

  const SONNET = { inputPerMillion: 3, outputPerMillion: 15, cacheReadPerMillion: 0.3, cacheWritePerMillion: 3.75 };

  it('prices cache reads and writes at their own rates, and the rest of the input at the input rate', () => {
    // 10,000 input tokens of which 8,000 read from the cache and 1,000 written to it: 1,000 uncached.
    const cost = estimateCost(SONNET, { input: 10_000, output: 500, cacheRead: 8_000, cacheWrite: 1_000 });
    expect(cost).toEqual({
      cacheReadUsd: 0.0024, // 8,000 × 0.3 / 1e6
      cacheWriteUsd: 0.00375, // 1,000 × 3.75 / 1e6
      inputUsd: 0.00915, // + 1,000 × 3 / 1e6
      outputUsd: 0.0075,
      totalUsd: 0.01665,
      reasoningUsd: 0,
    });
    // Priced as plain input, the same call would cost 0.0375: the cache rates matter.
    expect(estimateCost({ inputPerMillion: 3, outputPerMillion: 15 }, { input: 10_000, output: 500, cacheRead: 8_000, cacheWrite: 1_000 }).totalUsd).toBe(0.0375);
  });

  it('takes the input as uncached when the cache counts exceed it (an instrumentation reporting Anthropic-style usage)', () => {
    const cost = estimateCost(SONNET, { input: 100, output: 0, cacheRead: 5_000 });
    expect(cost.inputUsd).toBe(0.0018); // 100 × 3 / 1e6 + 5,000 × 0.3 / 1e6
  });

  it('prices reasoning tokens at the reasoning rate, capped at the output tokens', () => {
    const price = { inputPerMillion: 1, outputPerMillion: 4, reasoningPerMillion: 8 };
    expect(estimateCost(price, { input: 0, output: 1_000, reasoning: 400 })).toMatchObject({ reasoningUsd: 0.0032, outputUsd: 0.0056 });
    expect(estimateCost(price, { input: 0, output: 100, reasoning: 400 })).toMatchObject({ reasoningUsd: 0.0008, outputUsd: 0.0008 });
  });

  it('without the optional rates, cache and reasoning tokens cost what input and output tokens cost', () => {
    const base = { inputPerMillion: 2, outputPerMillion: 6 };
    const split = estimateCost(base, { input: 1_000, output: 1_000, cacheRead: 600, cacheWrite: 100, reasoning: 500 });
    expect(split.totalUsd).toBe(estimateCost(base, { input: 1_000, output: 1_000 }).totalUsd);
  });

  it('createPriceLookup fills the optional rates from the base ones and rejects a bad optional rate', () => {
    expect(createPriceLookup({ m: { inputPerMillion: 2, outputPerMillion: 6 } })('m')).toEqual({
      inputPerMillion: 2,
      outputPerMillion: 6,
      cacheReadPerMillion: 2,
      cacheWritePerMillion: 2,
      reasoningPerMillion: 6,
    });
    for (const field of ['cacheReadPerMillion', 'cacheWritePerMillion', 'reasoningPerMillion']) {
      expect(() => createPriceLookup({ m: { inputPerMillion: 1, outputPerMillion: 1, [field]: -0.5 } } as PriceTable)).toThrow(`"m".${field}`);
    }
  });
});

describe('DEFAULT_PRICE_TABLE', () => {
  it('is a valid, frozen table', () => {
    expect(() => createPriceLookup(DEFAULT_PRICE_TABLE)).not.toThrow();
    expect(Object.isFrozen(DEFAULT_PRICE_TABLE)).toBe(true);
    expect(Object.values(DEFAULT_PRICE_TABLE).every((price) => Object.isFrozen(price))).toBe(true);
  });

  it('tells mini models apart from their larger siblings', () => {
    const find = createPriceLookup(DEFAULT_PRICE_TABLE);
    expect(find('gpt-4o-mini-2024-07-18')).toMatchObject(DEFAULT_PRICE_TABLE['gpt-4o-mini']);
    expect(find('gpt-4.1-mini-2025-04-14')).toMatchObject(DEFAULT_PRICE_TABLE['gpt-4.1-mini']);
    expect(find('gpt-4.1-2025-04-14')).toMatchObject(DEFAULT_PRICE_TABLE['gpt-4.1']);
    expect(find('claude-sonnet-4-20250514')).toMatchObject(DEFAULT_PRICE_TABLE['claude-sonnet-4']);
  });
});
