import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, diag, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { CaptureRouter, OtlpHttpSpanExporter, WalSpanProcessor, withCaptureMode } from '@agent-otel/capture';
import { GenAiSpanProcessor } from '../../src/genai-span-processor';
import { recordLlmResponse } from '../../src/record-llm-response';
import { traceLlmCall } from '../../src/trace-llm-call';
import { until } from '../helpers/chat-requests';
import { patchOpenAi } from '../helpers/instrumented-openai';
import { startStandIn, type LlmEndpoint } from '../helpers/llm-stand-in';
import { startRecordingSink, type RecordingSink } from '../helpers/recording-sink';

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

let llm: LlmEndpoint;
let sink: RecordingSink;
let walDir: string;

beforeAll(async () => {
  llm = await startStandIn();
  sink = await startRecordingSink();
  walDir = mkdtempSync(join(tmpdir(), 'agent-otel-redaction-'));
});

afterAll(async () => {
  await llm.close();
  await sink.close();
  rmSync(walDir, { recursive: true, force: true });
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
      await traceLlmCall({ model: 'gpt-4o-mini', provider: 'openai', capture: 'complete', inputMessages: [{ role: 'user', parts: [{ type: 'text', content: SENTENCE }] }] }, async (span) => {
        recordLlmResponse(span, { outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: `Noted: ${SENTENCE}` }] }] });
      });
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
      await until(() => sink.bodies.length >= 2);
      const wireBytes = Buffer.concat(sink.bodies);
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

  it('the same spans would leak without redaction, so the check above can fail', async () => {
    const exporter = new OtlpHttpSpanExporter({ url: sink.url, retry: { maxAttempts: 1 } });
    const provider = new BasicTracerProvider({ spanProcessors: [new GenAiSpanProcessor({ redaction: false }), new SimpleSpanProcessor(exporter)] });
    const before = sink.bodies.length;
    provider.getTracer('t').startSpan('s', { attributes: { 'gen_ai.prompt.0.content': SENTENCE } }).end();
    await provider.forceFlush();
    await until(() => sink.bodies.length > before);
    expect(leaks(Buffer.concat(sink.bodies.slice(before)))).toEqual(expect.arrayContaining(Object.values(PII)));
    await provider.shutdown();
  });
});
