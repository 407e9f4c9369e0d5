'use strict';
/**
 * Micro-benchmark of redaction alone: µs per LLM-shaped span (the benchmark's span, `llm-span.js`:
 * a 2 KB `gen_ai.input.messages` and a 1 KB `gen_ai.output.messages` in the semconv message format)
 * spent in `SpanRedactor.redact` with `register()`'s default redaction options. Four texts: Latin-1
 * (one-byte strings) and two-byte (the benchmark's own words, with `—` and curly quotes), each with
 * nothing to redact and with 3 secrets (an e-mail and a card number in the prompt, an API key in the
 * completion). Prints the median of 7 runs (and min–max) per text.
 *
 *   npx tsc -b && node --expose-gc bench/micro/redaction.js [--runs=7] [--spans=2048] [--baseline=<dir>]
 *
 * Runs the compiled `packages/genai/dist`; spans are made before each timed loop, so only
 * `redact` is timed. Times are CPU time of the process (`process.cpuUsage`, user + system), which
 * other processes on a busy machine disturb less than wall time. With `--baseline=<dir>` (the
 * compiled `redaction/` folder of another version, e.g. built from an earlier commit), both run in
 * the same process, run by run in turn, and the table shows both and the ratio.
 */
const path = require('node:path');
const { createProvider, createLlmSpanFactory } = require('../llm-span');

const DIST = path.join(__dirname, '..', '..', 'packages', 'genai', 'dist', 'redaction');

function loadRedactor(dir) {
  const { SpanRedactor } = require(path.join(dir, 'span-redactor.js'));
  const { resolveRedactionOptions } = require(path.join(dir, 'redaction-options.js'));
  return new SpanRedactor(resolveRedactionOptions({}));
}

const args = Object.fromEntries(process.argv.slice(2).map(a => a.replace(/^--/, '').split('=')));
const RUNS = Number(args.runs ?? 7);
// A multiple of the factory's 32 texts, so every run (and every contender) redacts the same texts.
const SPANS = Number(args.spans ?? 2048);
const INPUT = 'gen_ai.input.messages';
const OUTPUT = 'gen_ai.output.messages';

/** The benchmark's texts with their non-Latin-1 characters replaced, so V8 keeps them one-byte. */
function latin1(text) {
  return text.replace(/—/g, '-').replace(/[“”]/g, "'");
}

/** `text` (a semconv message list) with `secret` put into its content, about a third of the way in. */
function withSecret(text, secret, at) {
  const cut = Math.floor(text.length * at);
  const space = text.indexOf(' ', cut);
  return text.slice(0, space + 1) + secret + ' ' + text.slice(space + 1);
}

const VARIANTS = {
  'latin-1, nothing to redact': (input, output) => [latin1(input), latin1(output)],
  'latin-1, 3 secrets': (input, output) => [
    withSecret(withSecret(latin1(input), 'ann.lee@example.com', 0.3), '4111 1111 1111 1111', 0.7),
    withSecret(latin1(output), 'sk-proj-abcdefghijklmnopqrstuvwx1234', 0.5),
  ],
  'two-byte, nothing to redact': (input, output) => [input, output],
  'two-byte, 3 secrets': (input, output) => [
    withSecret(withSecret(input, 'ann.lee@example.com', 0.3), '4111 1111 1111 1111', 0.7),
    withSecret(output, 'sk-proj-abcdefghijklmnopqrstuvwx1234', 0.5),
  ],
};

/** The texts of `variant` for each of the factory's prompts, made once (so the timed loops make no garbage of their own). */
const made = new Map();

function makeSpans(factory, variant) {
  const spans = [];
  for (let i = 0; i < SPANS; i++) {
    const span = factory.next();
    const key = span.attributes[INPUT];
    let texts = made.get(variant)?.get(key);
    if (texts === undefined) {
      texts = variant(span.attributes[INPUT], span.attributes[OUTPUT]);
      if (!made.has(variant)) made.set(variant, new Map());
      made.get(variant).set(key, texts);
    }
    const [input, output] = texts;
    span.setAttribute(INPUT, input);
    span.setAttribute(OUTPUT, output);
    spans.push(span);
  }
  return spans;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** CPU µs per span of `redactor` over fresh spans of `variant`; adds the detections per span to `out`. */
function timeRun(redactor, factory, variant, counters) {
  const spans = makeSpans(factory, variant);
  // Collect before timing: `cpuUsage` counts the collector's threads too (run with --expose-gc).
  globalThis.gc?.();
  const before = counters.detections;
  const start = process.cpuUsage();
  for (let i = 0; i < spans.length; i++) redactor.redact(spans[i], counters);
  const used = process.cpuUsage(start);
  return { us: (used.user + used.system) / spans.length, detections: (counters.detections - before) / spans.length };
}

function main() {
  const factory = createLlmSpanFactory(createProvider([]));
  const contenders = [['current', loadRedactor(DIST)]];
  if (args.baseline !== undefined) contenders.push(['baseline', loadRedactor(path.resolve(args.baseline))]);
  const counters = { detections: 0, removed: 0, failures: 0 };
  const rows = [];
  for (const [name, variant] of Object.entries(VARIANTS)) {
    // Warm-up: the same work, untimed, so the timed runs see optimized code.
    for (let w = 0; w < 3; w++) for (const [, redactor] of contenders) for (const span of makeSpans(factory, variant)) redactor.redact(span, counters);
    const times = contenders.map(() => []);
    const detections = contenders.map(() => 0);
    for (let run = 0; run < RUNS; run++) {
      contenders.forEach(([, redactor], c) => {
        const result = timeRun(redactor, factory, variant, counters);
        times[c].push(result.us);
        detections[c] = result.detections;
      });
    }
    const row = { text: name };
    contenders.forEach(([label], c) => {
      row[`${label} µs/span`] = median(times[c]).toFixed(2);
      row[`${label} min–max`] = `${Math.min(...times[c]).toFixed(2)}–${Math.max(...times[c]).toFixed(2)}`;
      row[`${label} finds`] = detections[c];
    });
    if (contenders.length === 2) row['baseline ÷ current'] = (median(times[1]) / median(times[0])).toFixed(1);
    rows.push(row);
  }
  console.log(`SpanRedactor.redact, default options, CPU µs per span, ${SPANS} spans per run, median of ${RUNS} runs (node ${process.version})`);
  console.table(rows);
}

main();
