/**
 * Seeded differential test: random content (see oracle/content-generator.ts), and dense strings of
 * the characters the screens look at, scrubbed by the current Scrubber and by the frozen reference
 * copy of the implementation before the single-pass screen; every value and count must be equal.
 * Bounded in count and time; the seed is printed (set REDACTION_FUZZ_SEED to replay one).
 */
import { resolveRedactionOptions } from '../../src/redaction/redaction-options';
import { Scrubber } from '../../src/redaction/scrubber';
import { randomContent, Rng } from './oracle/content-generator';
import { CONFIGS } from './oracle/oracle-cases';
import { BUILT_IN_DETECTORS as REFERENCE_DETECTORS } from './oracle/reference/reference-detectors';
import { Scrubber as ReferenceScrubber } from './oracle/reference/reference-scrubber';

const SEED = Number(process.env.REDACTION_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const MAX_CASES = 3000;
const MAX_MS = 15_000;

/** The current and the reference scrubber of each config. */
const pairs = Object.keys(CONFIGS).map((name) => {
  const resolved = resolveRedactionOptions(CONFIGS[name]);
  const builtIn = CONFIGS[name].builtInDetectors ?? REFERENCE_DETECTORS.map((d) => d.kind);
  const reference = REFERENCE_DETECTORS.filter((d) => builtIn.includes(d.kind as never));
  const custom = resolved.detectors.slice(reference.length);
  return { name, current: new Scrubber(resolved.detectors, resolved.salt), reference: new ReferenceScrubber([...reference, ...custom], resolved.salt) };
});

const DENSE_ALPHABET = '0123456789012345 .-:@%+_()abcdefABCDEF/sk-eyJIAKxo\\u"{}[],=\n\u00e9\u2014';

/** A string drawn from the characters the screens and detectors care about. */
function dense(rng: Rng): string {
  let text = rng.chars(DENSE_ALPHABET, rng.int(1, 200));
  if (rng.chance(0.3)) text = `{"a":"${text.replace(/["\\]/g, '')}"}`;
  return text;
}

describe(`redaction differential test (seed ${SEED})`, () => {
  it('gives exactly what the reference implementation gives, for every config and mode', () => {
    console.log(`redaction differential test seed: ${SEED} (REDACTION_FUZZ_SEED=${SEED} replays it)`);
    const rng = new Rng(SEED);
    const started = Date.now();
    const mismatches: unknown[] = [];
    let cases = 0;
    while (cases < MAX_CASES && Date.now() - started < MAX_MS && mismatches.length < 5) {
      const text = rng.chance(0.3) ? dense(rng) : randomContent(rng, rng.int(10_000, 200_000));
      const pair = rng.pick(pairs);
      const mode = rng.chance(0.8) ? 'redacted' : 'hashed';
      const fn = rng.chance(0.9) ? 'scrub' : 'scrubText';
      const got = pair.current[fn](text, mode);
      const expected = pair.reference[fn](text, mode);
      if (got.value !== expected.value || got.count !== expected.count) mismatches.push({ seed: SEED, case: cases, config: pair.name, mode, fn, text, expected, got });
      cases++;
    }
    expect(mismatches).toEqual([]);
    expect(cases).toBeGreaterThan(100);
  });
});
