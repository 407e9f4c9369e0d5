'use strict';
/**
 * The pipelines users of agent-otel and of its peers actually run, built as their READMEs say:
 * - (f) agent-otel `register()` with its defaults (GenAI processor: normalization, cost, redaction,
 *   request roll-up; router; ring buffer; fast OTLP exporter), on its own NodeTracerProvider;
 * - (g) Langfuse JS `LangfuseSpanProcessor` with a regex `mask` function (a user's redaction);
 * - (h) OpenInference `OpenInferenceBatchSpanProcessor` (openinference-vercel) + OTLP/proto;
 * - (i) OpenLLMetry-JS (Traceloop SDK) `createSpanProcessor` + OTLP/proto, all libraries allowed.
 * Each exports to the sink. The peers come from bench/peers (lib/peers.js).
 */
const path = require('node:path');
const { ROOT } = require('./config');
const { peerMissing, requirePeer, importPeer } = require('./peers');

/** What a user's Langfuse `mask` typically does: the same kinds agent-otel's detectors find, as regexes. */
const MASKS = [
  /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, // e-mail
  /\b(?:\d[ -]?){13,19}\b/g, // card-like digit runs
  /\b(?:sk-[A-Za-z0-9_-]{16,}|[rs]k_(?:live|test)_[A-Za-z0-9]{16,}|AKIA[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{30,})/g, // API keys
  /\b[Bb]earer\s+[A-Za-z0-9._~+/-]{8,}=*/g, // bearer tokens
  /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, // JWTs
  /\b(?:\d{1,3}\.){3}\d{1,3}\b/g, // IPv4
  /\+?\d[\d ().-]{7,}\d/g, // phone-like
];

/** A Langfuse `mask` function: every string (deeply) with the patterns above replaced. */
function langfuseMask({ data }) {
  const scrub = value => {
    if (typeof value === 'string') {
      let out = value;
      for (const re of MASKS) out = out.replace(re, '[REDACTED]');
      return out;
    }
    if (Array.isArray(value)) return value.map(scrub);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v)]));
    return value;
  };
  return scrub(data);
}

/** Pipelines of this file: id → { label, short, peer (package whose absence skips it) }. */
const PEER_PIPELINES = {
  'register-defaults': {
    label: '(f) agent-otel register() defaults: GenAiSpanProcessor + router + ring buffer + fast OTLP exporter',
    short: '(f) register() defaults',
  },
  langfuse: { label: '(g) Langfuse JS 5.11 LangfuseSpanProcessor + regex mask', short: '(g) Langfuse + mask', peer: '@langfuse/otel' },
  openinference: {
    label: '(h) OpenInference (openinference-vercel 3.2) OpenInferenceBatchSpanProcessor + OTLP/proto',
    short: '(h) OpenInference',
    peer: '@arizeai/openinference-vercel',
  },
  openllmetry: { label: '(i) OpenLLMetry-JS (Traceloop SDK 0.27) span processor + OTLP/proto', short: '(i) OpenLLMetry', peer: '@traceloop/node-server-sdk' },
};

/** Why peer pipeline `id` cannot run, or undefined. */
function peerPipelineMissing(id) {
  const peer = PEER_PIPELINES[id].peer;
  if (peer !== undefined) return peerMissing(peer);
  try {
    require.resolve(path.join(ROOT, 'packages', 'node', 'dist', 'index.js'));
    return undefined;
  } catch {
    return 'packages/node/dist is not built (npm run build)';
  }
}

function peerProtoExporter(url) {
  const { OTLPTraceExporter } = requirePeer('@opentelemetry/exporter-trace-otlp-proto');
  return new OTLPTraceExporter({ url });
}

/** Builds peer pipeline `id` (async: some peers ship only ES modules). Same shape as createPipeline's result. */
async function createPeerPipeline(id, { url }) {
  const none = () => ({ countedDrops: null, failedExport: null, raw: {} });
  switch (id) {
    case 'register-defaults': {
      const { register } = require(path.join(ROOT, 'packages', 'node', 'dist', 'index.js'));
      const handle = register({ serviceName: 'agent-otel-bench', instrumentations: { http: false, undici: false } }, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: url });
      const ring = handle.pipeline && handle.pipeline.ringBuffer;
      return {
        provider: handle.provider,
        processors: undefined,
        counters: () => {
          if (!ring) return none();
          const s = ring.stats();
          return { countedDrops: s.droppedOverflow + s.droppedAfterShutdown, failedExport: s.failedExport, raw: s };
        },
        cleanup: () => {},
      };
    }
    case 'langfuse': {
      const { LangfuseSpanProcessor } = requirePeer('@langfuse/otel');
      const processor = new LangfuseSpanProcessor({ publicKey: 'pk-lf-bench', secretKey: 'sk-lf-bench', baseUrl: new URL(url).origin, mask: langfuseMask });
      return { processors: [processor], counters: none, cleanup: () => {} };
    }
    case 'openinference': {
      const { OpenInferenceBatchSpanProcessor } = await importPeer('@arizeai/openinference-vercel');
      return { processors: [new OpenInferenceBatchSpanProcessor({ exporter: peerProtoExporter(url) })], counters: none, cleanup: () => {} };
    }
    case 'openllmetry': {
      const { createSpanProcessor, ALL_INSTRUMENTATION_LIBRARIES } = requirePeer('@traceloop/node-server-sdk');
      const processor = createSpanProcessor({ exporter: peerProtoExporter(url), allowedInstrumentationLibraries: ALL_INSTRUMENTATION_LIBRARIES });
      return { processors: [processor], counters: none, cleanup: () => {} };
    }
    default:
      throw new Error(`bench: unknown pipeline ${id}`);
  }
}

module.exports = { PEER_PIPELINES, peerPipelineMissing, createPeerPipeline, langfuseMask };
