/**
 * Seeded random JSON (escapes, quotes, lone surrogates, deep and wide nesting, strings far longer
 * than the limit so the bounded window is used) cut by truncateJson: the result always fits the
 * limit, and from 200 units up it is always valid JSON.
 */
import { Rng, randomString } from '../../../capture/test/helpers/otlp-random';
import { truncateJson } from '../../src/limits/truncate';

const SEED = Number(process.env.TRUNCATE_FUZZ_SEED ?? 20261201);
const CASES = 60;

/** A random JSON value of at most about `budget.nodes` nodes. */
function randomJson(rng: Rng, depth: number, budget: { nodes: number }): unknown {
  budget.nodes--;
  const r = rng.next();
  if (depth > 5 || budget.nodes <= 0 || r < 0.35) {
    if (rng.chance(0.05)) return `${'"\\'.repeat(rng.int(3))}${'x'.repeat(50_000 + rng.int(150_000))}`;
    return rng.chance(0.7) ? randomString(rng, 300) : rng.pick([0, -1.5, 1e21, true, false, null]);
  }
  const count = rng.chance(0.1) ? 200 + rng.int(2000) : rng.int(6);
  const items = (): unknown[] => {
    const out: unknown[] = [];
    for (let i = 0; i < count && budget.nodes > 0; i++) out.push(randomJson(rng, depth + 1, budget));
    return out;
  };
  if (r < 0.65) return items();
  return Object.fromEntries(items().map((item, i) => [`${randomString(rng, 12)}${i}`, item]));
}

describe(`truncateJson on random JSON (seed ${SEED}, ${CASES} cases)`, () => {
  it('fits the limit and, from 200 units up, stays valid JSON', () => {
    console.log(`truncate fuzz seed ${SEED} (set TRUNCATE_FUZZ_SEED to replay)`);
    const rng = new Rng(SEED);
    let windowed = 0;
    let spent = 0;
    let slowest = { ms: 0, context: '' };
    for (let i = 0; i < CASES; i++) {
      const budget = { nodes: 1500 };
      const value = rng.chance(0.5) ? Array.from({ length: 1 + rng.int(4) }, () => randomJson(rng, 0, budget)) : { root: randomJson(rng, 0, budget) };
      const text = JSON.stringify(value);
      const max = rng.chance(0.2) ? 20 + rng.int(180) : 200 + rng.int(20_000);
      if (text.length > 2 * max + 64 * 1024) windowed++;
      const t0 = process.hrtime.bigint();
      const cut = truncateJson(text, max);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      spent += ms;
      if (ms > slowest.ms) slowest = { ms, context: `case ${i}, max ${max}, input ${text.length}` };
      const context = `case ${i}, max ${max}, input ${text.length} units`;
      expect({ context, fits: cut.length <= max }).toEqual({ context, fits: true });
      if (max >= 200 && text.length > max) {
        let valid = true;
        try {
          JSON.parse(cut);
        } catch {
          valid = false;
        }
        expect({ context, valid }).toEqual({ context, valid: true });
      }
    }
    console.log(`truncateJson: ${spent.toFixed(0)} ms in all, slowest ${slowest.ms.toFixed(1)} ms (${slowest.context})`);
    expect(windowed).toBeGreaterThan(10);
  });
});
