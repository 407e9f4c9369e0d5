/**
 * Replays the redaction oracle: texts and spans whose redaction was recorded from the implementation
 * before the single-pass screen (fixtures/redaction-oracle.json), so any change of output — a value,
 * a count, a marker — fails here. `RECORD_REDACTION_ORACLE=1` records the fixture anew from the
 * current sources (only for a deliberate change of behaviour).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveRedactionOptions } from '../../src/redaction/redaction-options';
import { Scrubber } from '../../src/redaction/scrubber';
import { SpanRedactor } from '../../src/redaction/span-redactor';
import { CONFIGS, runScrubCase, runSpanCase, scrubCases, spanCases, SPAN_CONFIGS, type ScrubCase, type ScrubOutcome, type SpanCase, type SpanOutcome } from './oracle/oracle-cases';

const FIXTURE = join(__dirname, 'fixtures', 'redaction-oracle.json');
const SEED = 20261201;

interface Fixture {
  readonly seed: number;
  readonly scrub: ReadonlyArray<ScrubCase & ScrubOutcome>;
  readonly spans: ReadonlyArray<SpanCase & { readonly outcome: SpanOutcome }>;
}

const scrubbers = Object.fromEntries(
  Object.keys(CONFIGS).map((name) => {
    const options = resolveRedactionOptions(CONFIGS[name]);
    return [name, new Scrubber(options.detectors, options.salt)];
  }),
);
const redactors = Object.fromEntries(Object.keys(SPAN_CONFIGS).map((name) => [name, new SpanRedactor(resolveRedactionOptions(SPAN_CONFIGS[name]))]));

if (process.env.RECORD_REDACTION_ORACLE === '1') {
  const fixture: Fixture = {
    seed: SEED,
    scrub: scrubCases(SEED, 3000).map((c) => ({ ...c, ...runScrubCase(scrubbers, c) })),
    spans: spanCases(SEED + 1, 120).map((c) => ({ ...c, outcome: runSpanCase(redactors, c) })),
  };
  writeFileSync(FIXTURE, `${JSON.stringify(fixture)}\n`);
}

const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Fixture;

describe('redaction oracle (recorded outputs)', () => {
  it('covers what it claims: thousands of texts, with and without finds, both modes, every config', () => {
    expect(fixture.scrub.length).toBeGreaterThanOrEqual(3000);
    const found = fixture.scrub.filter((c) => c.count > 0).length;
    expect(found).toBeGreaterThan(800);
    expect(fixture.scrub.length - found).toBeGreaterThan(800);
    expect(new Set(fixture.scrub.map((c) => `${c.config}/${c.mode}/${c.fn}`)).size).toBeGreaterThanOrEqual(6);
    expect(fixture.scrub.some((c) => /[\u0100-\uffff]/.test(c.input))).toBe(true);
    expect(fixture.scrub.some((c) => c.input.length > 8000)).toBe(true);
    expect(fixture.spans.filter((c) => c.outcome.counters.detections > 0).length).toBeGreaterThan(50);
  });

  it('scrubs every recorded text to exactly the recorded value and count', () => {
    const mismatches: unknown[] = [];
    fixture.scrub.forEach((c, i) => {
      const outcome = runScrubCase(scrubbers, c);
      const expected: ScrubOutcome = c.value === undefined ? { count: c.count } : { value: c.value, count: c.count };
      if (outcome.count !== expected.count || outcome.value !== expected.value)
        mismatches.push({ i, config: c.config, mode: c.mode, fn: c.fn, input: c.input, expected, got: outcome });
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('redacts every recorded span to exactly the recorded attributes, events, links, status and counters', () => {
    const mismatches: unknown[] = [];
    fixture.spans.forEach((c, i) => {
      const outcome = runSpanCase(redactors, c);
      // Through JSON, as recorded (undefined members dropped alike).
      if (JSON.stringify(outcome) !== JSON.stringify(c.outcome)) mismatches.push({ i, config: c.config, expected: c.outcome, got: outcome });
    });
    expect(mismatches.slice(0, 3)).toEqual([]);
  });
});
