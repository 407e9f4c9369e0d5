'use strict';
/**
 * Spans shaped like an LLM call, created and ended through a real BasicTracerProvider: 16
 * attributes (GenAI semantic conventions) including a 2 KB prompt and a 1 KB completion, about
 * 3.8 KB as OTLP/protobuf. Request attributes are set at start, response attributes just before
 * end(), as an instrumentation does.
 */
const { SpanKind } = require('@opentelemetry/api');
const { BasicTracerProvider } = require('@opentelemetry/sdk-trace-base');
const { resourceFromAttributes } = require('@opentelemetry/resources');

const PROMPT_CHARS = 2048;
const COMPLETION_CHARS = 1024;
/** Distinct prompt/completion texts, rotated so that no encoder sees one string over and over. */
const VARIANTS = 32;
const MODEL = 'gpt-4o-mini';

const WORDS = (
  'the agent plans a step calls a tool reads the result and writes an answer for the user who asked about ' +
  'invoices refunds shipping delays account limits and the weather in Zürich naïve café — “quoted” text 42 17.5'
).split(' ');

/** Deterministic text of exactly `chars` UTF-16 units, wrapped the way GenAI message attributes are. */
function messageText(role, chars, seed) {
  const head = `[{"role":"${role}","parts":[{"type":"text","content":"`;
  const tail = '"}]}]';
  let body = '';
  let i = seed;
  while (body.length < chars - head.length - tail.length) {
    body += WORDS[(i * 7919 + 13) % WORDS.length] + ' ';
    i++;
  }
  return head + body.slice(0, chars - head.length - tail.length) + tail;
}

const PROMPTS = Array.from({ length: VARIANTS }, (_, i) => messageText('user', PROMPT_CHARS, i));
const COMPLETIONS = Array.from({ length: VARIANTS }, (_, i) => messageText('assistant', COMPLETION_CHARS, i + 1000));

/** The resource every benchmark span carries. */
function benchResource() {
  return resourceFromAttributes({
    'service.name': 'agent-otel-bench',
    'service.version': '0.1.0',
    'deployment.environment.name': 'bench',
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.name': 'opentelemetry',
  });
}

/** A BasicTracerProvider with the processors under test (none for the baseline). */
function createProvider(spanProcessors) {
  return new BasicTracerProvider({ resource: benchResource(), spanProcessors });
}

/**
 * Makes LLM-shaped spans on `provider`. `next()` returns a started span with all 16 attributes set
 * and not yet ended, so the caller can time `end()` alone. With `captureMode`, the span also carries
 * `agent_otel.capture.mode` (17 attributes).
 */
function createLlmSpanFactory(provider, { captureMode, captureModeAttribute = 'agent_otel.capture.mode' } = {}) {
  const tracer = provider.getTracer('agent-otel-bench', '0.1.0');
  const name = `chat ${MODEL}`;
  let n = 0;
  return {
    next() {
      const i = n++;
      const v = i % VARIANTS;
      const attributes = {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': MODEL,
        'gen_ai.request.temperature': 0.7,
        'gen_ai.request.top_p': 0.95,
        'gen_ai.request.max_tokens': 1024,
        'gen_ai.conversation.id': `conv-${i >> 4}`,
        'server.address': 'api.openai.com',
        'server.port': 443,
        'gen_ai.input.messages': PROMPTS[v],
      };
      if (captureMode !== undefined) attributes[captureModeAttribute] = captureMode;
      const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes });
      span.setAttributes({
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.response.id': `chatcmpl-${i}`,
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.usage.input_tokens': 512 + (i % 97),
        'gen_ai.usage.output_tokens': 256 + (i % 89),
        'gen_ai.output.messages': COMPLETIONS[v],
      });
      return span;
    },
  };
}

/** Collects ended spans (for the encoder micro-benchmark). */
class CollectingSpanProcessor {
  constructor() {
    this.spans = [];
  }
  onStart() {}
  onEnd(span) {
    this.spans.push(span);
  }
  forceFlush() {
    return Promise.resolve();
  }
  shutdown() {
    return Promise.resolve();
  }
}

/** `count` ended LLM-shaped spans sharing one resource and scope, as one exporter batch holds them. */
function makeLlmSpans(count) {
  const collector = new CollectingSpanProcessor();
  const factory = createLlmSpanFactory(createProvider([collector]));
  for (let i = 0; i < count; i++) factory.next().end();
  return collector.spans;
}

module.exports = { createProvider, createLlmSpanFactory, makeLlmSpans };
