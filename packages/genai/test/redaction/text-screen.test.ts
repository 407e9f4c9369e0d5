/**
 * The one-pass screen and the detector windows against what they stand for: the detectors'
 * `mayMatch` pre-checks and their patterns run on the whole text. Seeded random texts drawn from the
 * characters the detectors care about (and realistic content), bounded in count; the seed is printed.
 */
import { BUILT_IN_DETECTORS, matches, type DetectedRange, type ScreenedDetector } from '../../src/redaction/detectors';
import { WINDOW_CONTEXT } from '../../src/redaction/detector-windows';
import { SCREEN_IPV4, SCREEN_JSON_ESCAPE, SCREEN_PERCENT_ESCAPE, screenText } from '../../src/redaction/text-screen';
import { randomContent, Rng } from './oracle/content-generator';

const SEED = Number(process.env.REDACTION_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CASES = 4000;
const ALPHABET = '0123456789 .-:@%+_()abcdefABCDEF/sk-eyJIAKSzxobBEARr\\u"{}[],=\n\u00e9\u2014ghptliv';

function whole(text: string, detector: ScreenedDetector): DetectedRange[] {
  return detector.pattern instanceof RegExp ? matches(text, detector.pattern) : [...detector.pattern(text)];
}

function windowed(text: string, detector: ScreenedDetector): DetectedRange[] {
  const windows = detector.windows!(text);
  const out: DetectedRange[] = [];
  for (let w = 0; w < windows.length; w += 2) {
    const from = Math.max(0, windows[w] - WINDOW_CONTEXT);
    for (const [a, b] of whole(text.slice(from, Math.min(text.length, windows[w + 1] + WINDOW_CONTEXT)), detector)) {
      if (a + from >= windows[w] && b + from <= windows[w + 1]) out.push([a + from, b + from]);
    }
  }
  return out;
}

function texts(): string[] {
  const rng = new Rng(SEED);
  const out: string[] = [];
  for (let i = 0; i < CASES; i++) {
    if (i % 4 === 3) out.push(randomContent(rng, 30_000));
    else {
      // Runs of one kind of character now and then, so long chains and prefixes occur.
      let text = '';
      while (text.length < rng.int(1, 120)) text += rng.chance(0.2) ? rng.chars('0123456789', rng.int(1, 16)) : rng.chars(ALPHABET, rng.int(1, 8));
      out.push(text);
    }
  }
  return out;
}

describe(`text screen (seed ${SEED})`, () => {
  const samples = texts();
  console.log(`text screen test seed: ${SEED} (REDACTION_FUZZ_SEED=${SEED} replays it)`);

  it.each(BUILT_IN_DETECTORS.map((d, i) => [`${d.kind} #${i}`, d] as const))(
    '%s: the screen never misses a find, and passes exactly when the pre-check does',
    (_label, detector) => {
      const wrong: unknown[] = [];
      for (const text of samples) {
        const bits = screenText(text);
        const screened = (bits & detector.screen!) !== 0;
        const preCheck = detector.mayMatch!(text, /\d/.test(text));
        const found = whole(text, detector).length > 0;
        if (found && (bits & (detector.needs ?? detector.screen!)) === 0) wrong.push({ text, problem: 'find missed by the screen' });
        // IPv4 addresses are 7 characters at least: the screen may skip a shorter dotted run the pre-check takes.
        if (detector.screen === SCREEN_IPV4 ? screened && !preCheck : screened !== preCheck) wrong.push({ text, problem: 'screen differs from the pre-check', screened, preCheck });
        if (wrong.length > 3) break;
      }
      expect(wrong).toEqual([]);
    },
  );

  it.each(BUILT_IN_DETECTORS.filter((d) => d.windows !== undefined).map((d, i) => [`${d.kind} #${i}`, d] as const))(
    '%s: the windows give exactly the finds of the whole text',
    (_label, detector) => {
      const wrong: unknown[] = [];
      for (const text of samples) {
        const expected = whole(text, detector);
        const got = windowed(text, detector);
        if (JSON.stringify(got) !== JSON.stringify(expected)) wrong.push({ text, expected, got });
        if (wrong.length > 3) break;
      }
      expect(wrong).toEqual([]);
    },
  );

  it('flags percent-escapes and JSON escapes exactly', () => {
    const wrong = samples.filter((text) => {
      const bits = screenText(text);
      return ((bits & SCREEN_PERCENT_ESCAPE) !== 0) !== /%[0-7][0-9A-Fa-f]/.test(text) || ((bits & SCREEN_JSON_ESCAPE) !== 0) !== text.includes('\\u');
    });
    expect(wrong.slice(0, 3)).toEqual([]);
  });

  it('finds digit chains across the chunks the sampling copies, and at both ends of a text', () => {
    const card = '4111 1111 1111 1111';
    const filler = 'x'.repeat(16 * 1024 - 7);
    for (const text of [card, `${filler}${card}${filler}`, `${'y'.repeat(40_000)}${card}`, `${card}${'z'.repeat(40_000)}`]) {
      const detector = BUILT_IN_DETECTORS.find((d) => d.kind === 'payment_card')!;
      expect((screenText(text) & detector.screen!) !== 0).toBe(true);
      expect(windowed(text, detector)).toEqual(whole(text, detector));
      expect(whole(text, detector)).toHaveLength(1);
    }
  });
});

describe('what the screen keeps of the texts it saw', () => {
  it('holds a copy of screened content until the span is redacted, and nothing after', () => {
    const { SpanRedactor } = jest.requireActual('../../src/redaction/span-redactor') as typeof import('../../src/redaction/span-redactor');
    const { resolveRedactionOptions } = jest.requireActual('../../src/redaction/redaction-options') as typeof import('../../src/redaction/redaction-options');
    const { heldScreenedUnits } = jest.requireActual('../../src/redaction/text-screen') as typeof import('../../src/redaction/text-screen');
    const text = 'call me at +1 415 555 2671 or order 4111 1111 1111 1111 today';
    screenText(text);
    expect(heldScreenedUnits()).toBeGreaterThan(0);
    const span = {
      name: 'chat',
      attributes: { 'gen_ai.input.messages': text },
      events: [],
      links: [],
      status: { code: 0 },
      setAttribute(k: string, v: unknown) {
        (this.attributes as Record<string, unknown>)[k] = v;
      },
    };
    new SpanRedactor(resolveRedactionOptions({})).redact(span as never, { detections: 0, removed: 0, failures: 0 });
    expect(String(span.attributes['gen_ai.input.messages'])).toContain('[REDACTED:');
    expect(heldScreenedUnits()).toBe(0);
  });
});
