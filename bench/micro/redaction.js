'use strict';
/**
 * Micro-benchmark of redaction alone: µs per LLM-shaped span (the benchmark's span, `llm-span.js`:
 * a 2 KB `gen_ai.input.messages` and a 1 KB `gen_ai.output.messages` in the semconv message format)
 * spent in `SpanRedactor.redact` with `register()`'s default redaction options. Four texts: Latin-1
 * (one-byte strings) and two-byte (the benchmark's own words, with `—` and curly quotes), each with
 * nothing to redact and with 3 secrets (an e-mail and a card number in the prompt, an API key in the
 * completion). Prints the median of 7 runs (and min–max) per text.
 *
 *   npx tsc -b && node bench/micro/redaction.js [--runs=7] [--spans=2000]
 *
 * Runs the compiled `packages/genai/dist`; spans are made before each timed loop, so only
 * `redact` is timed.
 */
const path = require('node:path');
const { createProvider, createLlmSpanFactory } = require('../llm-span');

const DIST = path.join(__dirname, '..', '..', 'packages', 'genai', 'dist', 'redaction');
const { SpanRedactor } = require(path.join(DIST, 'span-redactor.js'));
const { resolveRedactionOptions } = require(path.join(DIST, 'redaction-options.js'));

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const RUNS = Number(args.runs ?? 7);
const SPANS = Number(args.spans ?? 2000);
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

function makeSpans(factory, variant) {
  const spans = [];
  for (let i = 0; i < SPANS; i++) {
    const span = factory.next();
    const [input, output] = variant(span.attributes[INPUT], span.attributes[OUTPUT]);
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

function main() {
  const factory = createLlmSpanFactory(createProvider([]));
  const redactor = new SpanRedactor(resolveRedactionOptions({}));
  const counters = { detections: 0, removed: 0, failures: 0 };
  const rows = [];
  for (const [name, variant] of Object.entries(VARIANTS)) {
    // Warm-up: the same work, untimed, so the timed runs see optimized code.
    for (let w = 0; w < 3; w++) for (const span of makeSpans(factory, variant)) redactor.redact(span, counters);
    const perSpan = [];
    let detections = 0;
    for (let run = 0; run < RUNS; run++) {
      const spans = makeSpans(factory, variant);
      const before = counters.detections;
      const start = process.hrtime.bigint();
      for (let i = 0; i < spans.length; i++) redactor.redact(spans[i], counters);
      const elapsed = Number(process.hrtime.bigint() - start);
      perSpan.push(elapsed / 1000 / spans.length);
      detections = (counters.detections - before) / spans.length;
    }
    rows.push({ text: name, 'µs/span median': median(perSpan).toFixed(2), 'min–max': `${Math.min(...perSpan).toFixed(2)}–${Math.max(...perSpan).toFixed(2)}`, 'detections/span': detections });
  }
  console.log(`SpanRedactor.redact, default options, ${SPANS} spans per run, median of ${RUNS} runs (node ${process.version})`);
  console.table(rows);
}

main();
