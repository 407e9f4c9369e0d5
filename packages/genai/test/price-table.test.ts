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
    expect(find('gpt-4o')).toEqual(TABLE['gpt-4o']);
    expect(find(' GPT-4o-Mini ')).toEqual(TABLE['gpt-4o-mini']);
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
    expect(find(model)).toEqual(TABLE[key]);
  });

  it.each(['gpt-4o-audio-preview', 'gpt-4', 'gpt-4oo', 'claude-3-5-sonnetx', 'llama-3', '', 'gpt-4o-'])(
    'finds no price for %j',
    (model) => {
      expect(find(model)).toBeUndefined();
    },
  );

  it('does not price a different model that merely shares a prefix', () => {
    const onlyBase = createPriceLookup({ 'gpt-4o': TABLE['gpt-4o'] });
    expect(onlyBase('gpt-4o-mini')).toBeUndefined();
    expect(onlyBase('gpt-4o-mini-2024-07-18')).toBeUndefined();
  });

  it('gives the same answers after its memo fills up', () => {
    for (let i = 0; i < 600; i++) expect(find(`unknown-${i}`)).toBeUndefined();
    expect(find('gpt-4o-mini-2024-07-18')).toEqual(TABLE['gpt-4o-mini']);
    expect(find('gpt-4o-mini-2024-07-18')).toEqual(TABLE['gpt-4o-mini']);
  });

  it('is not affected by later changes to the table it was built from', () => {
    const table: Record<string, { inputPerMillion: number; outputPerMillion: number }> = { m: { inputPerMillion: 1, outputPerMillion: 1 } };
    const lookup = createPriceLookup(table);
    table.m.inputPerMillion = 50;
    expect(lookup('m')).toEqual({ inputPerMillion: 1, outputPerMillion: 1 });
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
    expect(estimateCost({ inputPerMillion: 3, outputPerMillion: 15 }, 2_000_000, 100_000)).toEqual({
      inputUsd: 6,
      outputUsd: 1.5,
      totalUsd: 7.5,
    });
  });

  it('rounds away float noise', () => {
    expect(estimateCost({ inputPerMillion: 0.15, outputPerMillion: 0.6 }, 812, 64)).toEqual({
      inputUsd: 0.0001218,
      outputUsd: 0.0000384,
      totalUsd: 0.0001602,
    });
  });

  it('is zero for zero tokens', () => {
    expect(estimateCost({ inputPerMillion: 3, outputPerMillion: 15 }, 0, 0).totalUsd).toBe(0);
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
    expect(find('gpt-4o-mini-2024-07-18')).toEqual(DEFAULT_PRICE_TABLE['gpt-4o-mini']);
    expect(find('gpt-4.1-mini-2025-04-14')).toEqual(DEFAULT_PRICE_TABLE['gpt-4.1-mini']);
    expect(find('gpt-4.1-2025-04-14')).toEqual(DEFAULT_PRICE_TABLE['gpt-4.1']);
    expect(find('claude-sonnet-4-20250514')).toEqual(DEFAULT_PRICE_TABLE['claude-sonnet-4']);
  });
});
