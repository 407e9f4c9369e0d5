/**
 * register() called in code, in real child processes: ES-module apps with static imports, with
 * dynamic imports after register(), with the preload beside an in-code register(), a CommonJS
 * app, and instrumentations that fail. Spans are read from the child (an in-memory exporter
 * behind its `/spans` route) or from an OTLP receiver.
 */
import * as path from 'node:path';
import { startChildService, type ChildService } from './helpers/child-service';
import { startLlmStandIn } from './helpers/llm-stand-in';
import { RecordingServer } from './helpers/recording-server';
import { spawn } from 'node:child_process';

const FIXTURES = path.join(__dirname, 'fixtures');
const PRELOAD = require.resolve('@agent-otel/node/register');
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
const INBOUND = { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` };

interface SpanView {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  scope: string;
  attributes: Record<string, unknown>;
}

let llm: ChildService;
beforeAll(async () => {
  llm = await startLlmStandIn();
});
afterAll(() => llm?.stop());

async function getJson(url: string, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const res = await fetch(url, { headers });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

async function spansOf(app: ChildService): Promise<SpanView[]> {
  return (await getJson(`${app.url}/spans`)).spans as SpanView[];
}

function start(fixture: string, env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): Promise<ChildService> {
  return startChildService(path.join(FIXTURES, fixture), nodeArgs, { LLM_URL: llm.url, OTEL_SERVICE_NAME: fixture, ...env });
}

function warningsAbout(stderr: string, needle: string): string[] {
  return stderr.split('\n').filter((line) => line.includes(needle));
}

describe('ES-module app, register() in code before import() of http and openai', () => {
  let app: ChildService;
  beforeAll(async () => {
    app = await start('esm-dynamic-imports.mjs');
  });
  afterAll(() => app?.stop());

  it('continues the inbound traceparent in an http server span and makes an openai LLM span under it', async () => {
    const body = await getJson(`${app.url}/chat`, INBOUND);
    expect(body.traceId).toBe(TRACE_ID);
    const spans = (await spansOf(app)).filter((s) => s.traceId === TRACE_ID);
    const server = spans.find((s) => s.kind === 1);
    expect(server).toMatchObject({ parentSpanId: PARENT_ID, spanId: body.spanId, scope: '@opentelemetry/instrumentation-http' });
    const llmSpan = spans.find((s) => s.scope === '@opentelemetry/instrumentation-openai');
    expect(llmSpan).toMatchObject({ name: 'chat gpt-4o-mini', parentSpanId: server!.spanId });
    expect(llmSpan!.attributes['gen_ai.request.model']).toBe('gpt-4o-mini');
    expect(llmSpan!.attributes['gen_ai.usage.input_tokens']).toEqual(expect.any(Number));
  });

  it('prints no warning about modules loaded too early', () => {
    expect(warningsAbout(app.stderr(), 'loaded before register()')).toEqual([]);
  });
});

describe('ES-module app, register() in code after static imports of http and openai', () => {
  let app: ChildService;
  beforeAll(async () => {
    app = await start('esm-static-imports.mjs');
  });
  afterAll(() => app?.stop());

  it('still continues the inbound traceparent in an http server span', async () => {
    const body = await getJson(`${app.url}/chat`, INBOUND);
    expect(body.traceId).toBe(TRACE_ID);
    const server = (await spansOf(app)).find((s) => s.traceId === TRACE_ID && s.kind === 1);
    expect(server).toMatchObject({ parentSpanId: PARENT_ID, scope: '@opentelemetry/instrumentation-http' });
  });

  it('patches a named import of node:http (get) too', async () => {
    const body = await getJson(`${app.url}/outbound`, INBOUND);
    expect(body.status).toBe(200);
    const client = (await spansOf(app)).find((s) => s.traceId === TRACE_ID && s.kind === 2 && s.scope === '@opentelemetry/instrumentation-http');
    expect(client).toMatchObject({ parentSpanId: body.spanId });
  });

  it('says once that openai was imported before register(), naming the instrumentation and the --import fix', async () => {
    await getJson(`${app.url}/chat`, INBOUND);
    expect((await spansOf(app)).some((s) => s.scope === '@opentelemetry/instrumentation-openai')).toBe(false);
    const warnings = warningsAbout(app.stderr(), 'loaded before register()');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('openai (imported as an ES module from file://');
    expect(warnings[0]).toContain('@opentelemetry/instrumentation-openai');
    expect(warnings[0]).toContain('`node --import @agent-otel/node/register ');
    expect(warnings[0]).toContain('esm-static-imports.mjs`');
  });
});

describe('OpenInference recipe: manuallyInstrument() and register({ instrumentations })', () => {
  let app: ChildService;
  beforeAll(async () => {
    app = await start('esm-openinference.mjs');
  });
  afterAll(() => app?.stop());

  it('makes an OpenInference LLM span under the server span, normalized to gen_ai names', async () => {
    const body = await getJson(`${app.url}/chat`, INBOUND);
    expect(body.traceId).toBe(TRACE_ID);
    const spans = (await spansOf(app)).filter((s) => s.traceId === TRACE_ID);
    const llmSpan = spans.find((s) => s.scope === '@arizeai/openinference-instrumentation-openai');
    expect(llmSpan).toMatchObject({ name: 'OpenAI Chat Completions', parentSpanId: body.spanId });
    expect(llmSpan!.attributes).toMatchObject({
      'llm.model_name': expect.stringMatching(/^gpt-4o-mini/),
      'gen_ai.request.model': 'gpt-4o-mini',
      'agent_otel.normalized_from': ['openinference'],
    });
    expect(llmSpan!.attributes['gen_ai.usage.input_tokens']).toEqual(expect.any(Number));
  });
});

describe('instrumentations that fail', () => {
  it.each([
    ['construct', 'threw while being constructed: constructor failed on purpose'],
    ['enable', 'threw while being enabled: enable failed on purpose'],
  ])('one that throws at %s is reported once by name and the others still trace', async (stage, message) => {
    const app = await start('esm-dynamic-imports.mjs', { BROKEN_INSTRUMENTATION: stage });
    try {
      const body = await getJson(`${app.url}/chat`, INBOUND);
      expect(body.traceId).toBe(TRACE_ID);
      const scopes = (await spansOf(app)).filter((s) => s.traceId === TRACE_ID).map((s) => s.scope);
      expect(scopes).toEqual(expect.arrayContaining(['@opentelemetry/instrumentation-http', '@opentelemetry/instrumentation-openai']));
      const reports = warningsAbout(app.stderr(), 'instrumentation instrumentations');
      expect(reports).toHaveLength(1);
      expect(reports[0]).toContain('instrumentations.additional[0]');
      expect(reports[0]).toContain(message);
      expect(reports[0]).toContain('it is left out, tracing goes on without it');
      if (stage === 'enable') expect(reports[0]).toContain('broken-instrumentation');
    } finally {
      await app.stop();
    }
  });
});

describe('--import preload plus register() in code', () => {
  let otlp: RecordingServer;
  let app: ChildService;
  beforeAll(async () => {
    otlp = await RecordingServer.start();
    app = await start(
      'esm-preload-and-code.mjs',
      { OTEL_SERVICE_NAME: 'named-by-env', OTEL_EXPORTER_OTLP_ENDPOINT: otlp.origin, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', AGENT_OTEL_WAL_ENABLED: 'false' },
      ['--import', PRELOAD],
    );
  });
  afterAll(async () => {
    await app?.stop();
    await otlp?.close();
  });

  it('adds the in-code instrumentation to the running provider, even for a statically imported openai', async () => {
    const body = await getJson(`${app.url}/chat`, INBOUND);
    expect(body.traceId).toBe(TRACE_ID);
    await app.stop();
    const spans = otlp.requests.flatMap((r) => {
      const request = JSON.parse(r.body.toString('utf8'));
      return request.resourceSpans.flatMap(
        (rs: {
          resource: { attributes: { key: string; value: { stringValue?: string } }[] };
          scopeSpans: { scope: { name: string }; spans: { name: string; traceId: string }[] }[];
        }) =>
          rs.scopeSpans.flatMap((ss) =>
            ss.spans.map((s) => ({ name: s.name, scope: ss.scope.name, service: rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue })),
          ),
      );
    });
    expect(spans).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'chat gpt-4o-mini', scope: '@opentelemetry/instrumentation-openai' })]));
    // The service name given in code cannot change the running resource: the environment's stays.
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['named-by-env']));
  });

  it('names the in-code option it could not apply, with the variable to set instead, in one warning', () => {
    const warnings = warningsAbout(app.stderr(), 'register() was already called');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('by the @agent-otel/node/register preload');
    expect(warnings[0]).toContain('serviceName (given "named-in-code", in force "named-by-env")');
    expect(warnings[0]).toContain('OTEL_SERVICE_NAME');
    expect(warnings[0]).toContain('Applied: instrumentations.additional.');
    expect(warningsAbout(app.stderr(), 'loaded before register()')).toEqual([]);
  });
});

describe('CommonJS app, register() in code', () => {
  function run(env: NodeJS.ProcessEnv): Promise<{ spans: string[]; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(FIXTURES, 'cjs-register.cjs')], { env: { ...process.env, LLM_URL: llm.url, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let stderr = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.once('exit', (code) => {
        if (code !== 0) return reject(new Error(`exit ${code}\n${stderr}`));
        resolve({ spans: JSON.parse(out.split('\n')[0]).spans, stderr });
      });
    });
  }

  it('instruments openai required after register(), and node:http required before it, with no warning', async () => {
    const { spans, stderr } = await run({});
    expect(spans).toEqual(expect.arrayContaining(['@opentelemetry/instrumentation-openai chat gpt-4o-mini', '@opentelemetry/instrumentation-http GET']));
    expect(warningsAbout(stderr, 'loaded before register()')).toEqual([]);
  });

  it('patches node:http also when the require hook saw it before register() enabled the http instrumentation', async () => {
    const { spans } = await run({ CONSTRUCT_FIRST: '1' });
    expect(spans).toEqual(expect.arrayContaining(['@opentelemetry/instrumentation-openai chat gpt-4o-mini', '@opentelemetry/instrumentation-http GET']));
  });

  it('says once that openai was required before register(), with the --require fix', async () => {
    const { spans, stderr } = await run({ REQUIRE_OPENAI_FIRST: '1' });
    expect(spans).not.toContain('@opentelemetry/instrumentation-openai chat gpt-4o-mini');
    expect(spans).toContain('@opentelemetry/instrumentation-http GET');
    const warnings = warningsAbout(stderr, 'loaded before register()');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('openai (require()d from ');
    expect(warnings[0]).toContain('call register() before anything requires them');
    expect(warnings[0]).toContain('`node --require @agent-otel/node/register ');
  });
});
