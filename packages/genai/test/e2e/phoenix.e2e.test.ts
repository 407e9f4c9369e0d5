/**
 * GenAI spans rendered by a real Arize Phoenix: spans made with the agent helpers go through
 * `GenAiSpanProcessor({ openInference: true })` and the stock OTLP/HTTP protobuf exporter into a
 * Phoenix server started for this file, and are read back through Phoenix's REST and GraphQL APIs.
 * The spans are sent from a child process (see helpers/phoenix-spans.ts), which runs the compiled
 * package: `npm test` builds it first.
 */
import * as fs from 'node:fs';
import { PhoenixClient, PhoenixHttpError, type PhoenixSpan } from '../helpers/phoenix-client';
import { startPhoenixServer, type PhoenixServer } from '../helpers/phoenix-server';
import { sendPhoenixSpans, type SentSpans } from '../helpers/phoenix-spans';

let phoenix: PhoenixServer;
let client: PhoenixClient;

function only(spans: PhoenixSpan[], name: string): PhoenixSpan {
  const found = spans.filter((s) => s.name === name);
  if (found.length !== 1) throw new Error(`expected one span named ${name}, got ${JSON.stringify(spans.map((s) => s.name))}`);
  return found[0];
}

beforeAll(async () => {
  phoenix = await startPhoenixServer();
  client = new PhoenixClient({ url: phoenix.url });
}, 120000);

afterAll(() => phoenix?.stop());

describe('Phoenix as a backend (e2e, real Phoenix)', () => {
  it('shows hand-written OpenInference attributes: span kind, model, token counts, messages', async () => {
    const project = 'agent-otel-raw-openinference';
    const sent = await sendPhoenixSpans('openinference', { otlpHttpUrl: phoenix.otlpHttpUrl, project });

    const [stored] = await client.waitForTrace(project, sent.traceId);
    expect(stored.spanId).toBe(sent.spanIds.ChatCompletion);
    expect(stored.spanKind).toBe('LLM');
    expect([stored.tokenCountPrompt, stored.tokenCountCompletion, stored.tokenCountTotal]).toEqual([21, 8, 29]);
    const { 'openinference.span.kind': kind, ...rest } = sent.attributes.ChatCompletion;
    expect(kind).toBe('LLM');
    expect(rest).toMatchObject({ 'llm.model_name': 'gpt-4o-mini', 'llm.input_messages.0.message.content': 'Name a prime number.' });
    expect(stored.attributes).toEqual(rest);
    expect(await client.projectNames()).toContain(project);
  });

  it('reports a project it does not hold as a 404 and a trace it does not hold as a timeout naming it', async () => {
    const missingTrace = '0af7651916cd43dd8448eb211c80319c';
    const error: unknown = await client.traceSpans('agent-otel-no-such-project', missingTrace).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PhoenixHttpError);
    expect((error as PhoenixHttpError).status).toBe(404);
    await expect(client.waitForTrace('agent-otel-no-such-project', missingTrace, { timeoutMs: 300, intervalMs: 50 })).rejects.toThrow(`has 0 of 1 spans of trace ${missingTrace}`);
  });

  it('reports an export that did not reach the backend as a failed send', async () => {
    const closedPort = 'http://127.0.0.1:1/v1/traces';
    await expect(sendPhoenixSpans('openinference', { otlpHttpUrl: closedPort, project: 'unreachable', exportTimeoutMs: 500 })).rejects.toThrow(/export failed: .*ECONNREFUSED/);
  });
});

describe('GenAiSpanProcessor({ openInference: true }) rendered by Phoenix (e2e, real Phoenix)', () => {
  const project = 'agent-otel-genai-openinference';
  let spans: PhoenixSpan[];
  let spanIds: Readonly<Record<string, string>>;
  let sentAttributes: SentSpans['attributes'];

  beforeAll(async () => {
    const sent = await sendPhoenixSpans('genai', { otlpHttpUrl: phoenix.otlpHttpUrl, project });
    spanIds = sent.spanIds;
    sentAttributes = sent.attributes;
    spans = await client.waitForTrace(project, sent.traceId, { minSpans: 3 });
  }, 30000);

  // Phoenix also derives OpenInference names from `gen_ai.*` on ingestion, filling only the names a
  // span lacks; so the spans must carry the names themselves, and Phoenix must keep them as sent.
  it('sends the OpenInference names on the spans, and Phoenix keeps them as sent', () => {
    const kinds = Object.fromEntries(Object.entries(sentAttributes).map(([name, attrs]) => [name, attrs['openinference.span.kind']]));
    expect(kinds).toEqual({ 'chat gpt-4o-mini': 'LLM', 'execute_tool get_weather': 'TOOL', 'invoke_agent trip-planner': 'AGENT' });
    expect(sentAttributes['chat gpt-4o-mini']).toMatchObject({
      'llm.model_name': 'gpt-4o-mini-2024-07-18',
      'llm.token_count.prompt': 42,
      'llm.token_count.completion': 17,
      'llm.token_count.total': 59,
    });
    for (const span of spans) {
      const { 'openinference.span.kind': kind, ...sent } = sentAttributes[span.name];
      expect(span.spanKind).toBe(kind);
      const openInference = Object.entries(sent).filter(([key]) => !key.startsWith('gen_ai.') && !key.startsWith('agent_otel.'));
      expect(openInference.length).toBeGreaterThan(0);
      expect(span.attributes).toMatchObject(Object.fromEntries(openInference));
    }
  });

  it('gives the agent, model and tool spans the kinds AGENT, LLM and TOOL, nested under the agent', () => {
    const agent = only(spans, 'invoke_agent trip-planner');
    const llm = only(spans, 'chat gpt-4o-mini');
    const tool = only(spans, 'execute_tool get_weather');
    expect([agent.spanId, llm.spanId, tool.spanId]).toEqual([spanIds['invoke_agent trip-planner'], spanIds['chat gpt-4o-mini'], spanIds['execute_tool get_weather']]);
    expect([agent.spanKind, llm.spanKind, tool.spanKind]).toEqual(['AGENT', 'LLM', 'TOOL']);
    expect(llm.parentId).toBe(agent.spanId);
    expect(tool.parentId).toBe(agent.spanId);
    expect(tool.attributes['tool.name']).toBe('get_weather');
  });

  it('shows the model, its invocation parameters and the prompt, completion and total token counts', () => {
    const llm = only(spans, 'chat gpt-4o-mini');
    expect(llm.attributes['llm.model_name']).toBe('gpt-4o-mini-2024-07-18');
    expect([llm.tokenCountPrompt, llm.tokenCountCompletion, llm.tokenCountTotal]).toEqual([42, 17, 59]);
    expect(JSON.parse(String(llm.attributes['llm.invocation_parameters']))).toMatchObject({ temperature: 0.2, max_tokens: 256 });
  });

  it('shows the input and output messages', () => {
    const llm = only(spans, 'chat gpt-4o-mini');
    expect(llm.attributes).toMatchObject({
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.content': 'Weather in Lisbon tomorrow?',
      'llm.output_messages.0.message.role': 'assistant',
      'llm.output_messages.0.message.content': 'Let me look it up.',
    });
  });
});

describe('starting Phoenix (e2e)', () => {
  it('fails with the log when the server exits before it is ready', async () => {
    await expect(startPhoenixServer({ bin: '/bin/false', timeoutMs: 5000 })).rejects.toThrow(/Phoenix exited before it became ready[\s\S]*--- Phoenix log/);
  });

  it('stops once however often stop() is called, and removes its working directory', async () => {
    await phoenix.stop();
    await phoenix.stop();
    await expect(fetch(`${phoenix.url}/healthz`)).rejects.toThrow();
    expect(fs.existsSync(phoenix.workingDir)).toBe(false);
  });
});
