import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { context, diag, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { CaptureRouter, OtlpHttpSpanExporter, WalSpanProcessor, withCaptureMode } from '@agent-otel/capture';
import { GenAiSpanProcessor } from '../../src/genai-span-processor';
import { recordLlmResponse } from '../../src/record-llm-response';
import { traceLlmCall } from '../../src/trace-llm-call';
import { until } from '../helpers/chat-requests';
import { patchOpenAi } from '../helpers/instrumented-openai';
import { startStandIn, type LlmEndpoint } from '../helpers/llm-stand-in';
import { RecordingServer } from '../helpers/recording-server';
import { TempDirs } from '../helpers/temp-dirs';

const tempDirs = new TempDirs('agent-otel-redaction-');

const PII = {
  email: 'ann.lee@example.com',
  phone: '+14155552671',
  card: '4111 1111 1111 1111',
  openAiKey: 'sk-proj-abcdefghijklmnopqrstuvwx1234',
  awsKey: 'AKIAIOSFODNN7EXAMPLE',
  ip: '203.0.113.77',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl',
};
const FORBIDDEN = [...Object.values(PII), '4111111111111111', 'ann.lee'];
const SENTENCE = `I am ${PII.email}, phone ${PII.phone}, card ${PII.card}, key ${PII.openAiKey}, aws ${PII.awsKey}, from ${PII.ip}, token ${PII.jwt}`;

/** Values in the places only `otherAttributes` covers, each written the way the detectors used to miss. */
const OTHER = {
  spanNameEmail: `${'a'.repeat(70)}.x@example.com`,
  eventNameCard: '4000.0025.1234.5678',
  linkToken: 'LINKTOKEN1234567890abc',
  urlToken: 'URLTOKEN1234567890abc',
  upperBearer: 'UPPERTOKEN1234567890abc',
  resourceEmail: 'owner.person@example.com',
  commandToken: 'sk-proj-commandlinekey1234567890',
};

function otherLeaks(bytes: Buffer): string[] {
  return Object.values(OTHER).filter((value) => bytes.includes(value));
}

/** One span carrying every {@link OTHER} value, captured in `mode`. */
function otherPlaces(tracer: Tracer, mode: string): void {
  const span = tracer.startSpan(`notify ${OTHER.spanNameEmail}`, {
    attributes: {
      'agent_otel.capture.mode': mode,
      'url.full': `https://h.test/cb?auth=Bearer%20${OTHER.urlToken}&x=1`,
      'http.request.header.authorization': [`BEARER ${OTHER.upperBearer}`],
    },
    links: [{ context: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 }, attributes: { auth: `Bearer ${OTHER.linkToken}` } }],
  });
  span.addEvent(`charged card ${OTHER.eventNameCard}`);
  span.end();
}

let llm: LlmEndpoint;
let sink: RecordingServer;
/** The request bodies the sink received from the `from`-th request on, as sent on the wire. */
const wire = (from = 0): Buffer => Buffer.concat(sink.requests.slice(from).map((request) => request.rawBody));
let walDir: string;

beforeAll(async () => {
  llm = await startStandIn();
  sink = await RecordingServer.start();
  walDir = tempDirs.make();
});

afterAll(async () => {
  await llm.close();
  await sink.close();
  tempDirs.cleanup();
  diag.disable();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) return []; // the WAL lock: a link naming its owner, no data
    return stat.isDirectory() ? filesUnder(path) : [path];
  });
}

function leaks(bytes: Buffer): string[] {
  return FORBIDDEN.filter((pii) => bytes.includes(pii));
}

describe('no raw PII reaches the exporter or the WAL', () => {
  it('redacts spans of any instrumentation before CaptureRouter, WalSpanProcessor and OtlpHttpSpanExporter see them', async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const exporter = new OtlpHttpSpanExporter({ url: sink.url, retry: { maxAttempts: 1 } });
    const wal = new WalSpanProcessor({ wal: { dir: walDir }, sender: new OtlpHttpSpanExporter({ url: sink.url }), exportIntervalMs: 3_600_000 });
    const router = new CaptureRouter({ sampled: new SimpleSpanProcessor(exporter), complete: wal });
    const provider = new BasicTracerProvider({ spanProcessors: [new GenAiSpanProcessor({ openInference: true }), router] });
    trace.setGlobalTracerProvider(provider);
    const instrumentation = new OpenAIInstrumentation();
    const unregister = registerInstrumentations({ instrumentations: [instrumentation] });
    const { OpenAI, unpatch } = patchOpenAi(instrumentation as never);
    try {
      const client = new OpenAI({ baseURL: llm.baseUrl, apiKey: 'test-key', maxRetries: 0 });
      // An OpenInference span (sampled pipeline) and the same call captured `complete` (WAL pipeline).
      await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: SENTENCE }] });
      await withCaptureMode('complete', () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: SENTENCE }] }));
      // Our own helper, an exception, and old OpenLLMetry / AI SDK names, all to the WAL.
      await traceLlmCall(
        { model: 'gpt-4o-mini', provider: 'openai', capture: 'complete', inputMessages: [{ role: 'user', parts: [{ type: 'text', content: SENTENCE }] }] },
        async (span) => {
          recordLlmResponse(span, { outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: `Noted: ${SENTENCE}` }] }] });
        },
      );
      const span = trace.getTracer('other').startSpan('legacy', {
        attributes: { 'agent_otel.capture.mode': 'complete', 'gen_ai.prompt.0.role': 'user', 'gen_ai.prompt.0.content': SENTENCE, 'ai.response.text': SENTENCE },
      });
      span.recordException(new Error(`lookup failed for ${PII.email}`));
      span.setStatus({ code: SpanStatusCode.ERROR, message: `lookup failed for ${PII.email}` });
      span.end();
      await until(() => wal.stats().appended === 3);

      const walFiles = filesUnder(walDir);
      const walBytes = Buffer.concat(walFiles.map((file) => readFileSync(file)));
      expect(walBytes.includes('[REDACTED:email]')).toBe(true);
      expect(walBytes.includes('Noted: I am [REDACTED:email], phone [REDACTED:phone]')).toBe(true);
      expect(leaks(walBytes)).toEqual([]);

      await provider.forceFlush();
      await until(() => sink.requests.length >= 2);
      const wireBytes = wire();
      expect(wireBytes.includes('[REDACTED:payment_card]')).toBe(true);
      expect(wireBytes.includes('llm.input_messages.0.message.content')).toBe(true);
      expect(leaks(wireBytes)).toEqual([]);
    } finally {
      unpatch();
      unregister();
      await provider.shutdown();
      trace.disable();
      context.disable();
    }
  });

  it('with otherAttributes redacted, also span and event names, link and resource attributes and URL-encoded values', async () => {
    const exporter = new OtlpHttpSpanExporter({ url: sink.url, retry: { maxAttempts: 1 } });
    const own = new TempDirs('agent-otel-redaction-other-');
    const dir = own.make();
    const wal = new WalSpanProcessor({ wal: { dir }, sender: new OtlpHttpSpanExporter({ url: sink.url }), exportIntervalMs: 3_600_000 });
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'svc', 'deployment.owner': OTHER.resourceEmail, 'process.command_args': ['node', `--token=${OTHER.commandToken}`] }),
      spanProcessors: [new GenAiSpanProcessor({ redaction: { otherAttributes: 'redacted' } }), new CaptureRouter({ sampled: new SimpleSpanProcessor(exporter), complete: wal })],
    });
    try {
      const before = sink.requests.length;
      for (const mode of ['sampled', 'complete']) otherPlaces(provider.getTracer('t'), mode);
      await until(() => wal.stats().appended === 1);
      const walBytes = Buffer.concat(filesUnder(dir).map((file) => readFileSync(file)));
      expect(walBytes.includes('[REDACTED:bearer_token]')).toBe(true);
      expect(otherLeaks(walBytes)).toEqual([]);
      await provider.forceFlush();
      await until(() => sink.requests.length > before);
      const wireBytes = wire(before);
      expect(wireBytes.includes('[REDACTED:email]')).toBe(true);
      expect(otherLeaks(wireBytes)).toEqual([]);
    } finally {
      await provider.shutdown();
      own.cleanup();
    }
  });

  it('the same spans would leak without redaction, so the check above can fail', async () => {
    const exporter = new OtlpHttpSpanExporter({ url: sink.url, retry: { maxAttempts: 1 } });
    const provider = new BasicTracerProvider({ spanProcessors: [new GenAiSpanProcessor({ redaction: false }), new SimpleSpanProcessor(exporter)] });
    const before = sink.requests.length;
    provider
      .getTracer('t')
      .startSpan('s', { attributes: { 'gen_ai.prompt.0.content': SENTENCE } })
      .end();
    await provider.forceFlush();
    await until(() => sink.requests.length > before);
    expect(leaks(wire(before))).toEqual(expect.arrayContaining(Object.values(PII)));
    await provider.shutdown();
  });

  it('names, links, the resource and URLs leak with otherAttributes full, so the check above can fail', async () => {
    const exporter = new OtlpHttpSpanExporter({ url: sink.url, retry: { maxAttempts: 1 } });
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'deployment.owner': OTHER.resourceEmail, 'process.command_args': [`--token=${OTHER.commandToken}`] }),
      spanProcessors: [new GenAiSpanProcessor(), new SimpleSpanProcessor(exporter)],
    });
    const before = sink.requests.length;
    otherPlaces(provider.getTracer('t'), 'sampled');
    await provider.forceFlush();
    await until(() => sink.requests.length > before);
    expect(otherLeaks(wire(before)).sort()).toEqual(Object.values(OTHER).sort());
    await provider.shutdown();
  });
});
