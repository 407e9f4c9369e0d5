/**
 * register() end to end in-process, against local HTTP/HTTPS servers: OTLP http/protobuf (default),
 * gzip, custom headers, TLS files from the standard variables, Zipkin through the ring buffer and
 * through the write-ahead log, and per-tenant export. (http/json, whose stock exporter loads `http`
 * with a dynamic import that jest's module system refuses, is tested in a child process:
 * e2e/export-options.e2e.test.ts.)
 */
import { context, diag, DiagLogLevel, propagation, trace, ROOT_CONTEXT } from '@opentelemetry/api';
import { decodeTraceRequest } from '../../capture/src/export/otlp-trace-decoder';
import type * as RegisterModule from '../src/register';
import type { Environment } from '../src/from-env';
import { RecordingServer, TLS_FILES, type RecordedRequest } from './helpers/recording-server';
import { TempDirs } from './helpers/temp-dirs';

const tempDirs = new TempDirs('agent-otel-register-export-');

/** A fresh copy of register() and of the capture package it uses (for `confirmed`). */
function freshRegister(): typeof RegisterModule & { confirmed: typeof import('@agent-otel/capture').confirmed } {
  let mod: typeof RegisterModule | undefined;
  let capture: typeof import('@agent-otel/capture') | undefined;
  jest.isolateModules(() => {
    mod = jest.requireActual('../src/register');
    capture = jest.requireActual('@agent-otel/capture');
  });
  return { ...mod!, confirmed: capture!.confirmed };
}

const protobufNames = (req: RecordedRequest) => decodeTraceRequest(req.body).flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.name)));

describe('register() export options', () => {
  let backend: RecordingServer;
  let stateHome: string;
  let handle: RegisterModule.AgentOtelHandle | undefined;
  beforeEach(() => {
    stateHome = tempDirs.make();
  });
  afterEach(async () => {
    await handle?.shutdown();
    handle = undefined;
    await backend?.close();
    trace.disable();
    propagation.disable();
    context.disable();
    diag.disable();
    tempDirs.cleanup();
  });

  /** Registers from `env` (plus a private WAL home), ends one span per name, and flushes. */
  async function run(env: Environment, spans: { name: string; mode?: string; baggage?: Record<string, string> }[], options = {}): Promise<void> {
    const { register, confirmed } = freshRegister();
    // The recording backend runs in this process: with http instrumented, its server would trace
    // the export requests it receives.
    handle = register({ handleProcessExit: false, logLevel: 'none', instrumentations: { http: false }, ...options }, { XDG_STATE_HOME: stateHome, ...env });
    for (const s of spans) {
      const bag = propagation.createBaggage(Object.fromEntries(Object.entries(s.baggage ?? {}).map(([k, v]) => [k, { value: v }])));
      const span = trace.getTracer('t').startSpan(s.name, { attributes: s.mode ? { 'agent_otel.capture.mode': s.mode } : {} }, propagation.setBaggage(ROOT_CONTEXT, bag));
      span.end();
      if (s.mode === 'critical') await confirmed(span.spanContext(), { timeoutMs: 5000 });
    }
    await handle.forceFlush();
  }

  it('sends OTLP http/protobuf by default, with the headers of OTEL_EXPORTER_OTLP_HEADERS', async () => {
    backend = await RecordingServer.start();
    await run({ OTEL_EXPORTER_OTLP_ENDPOINT: backend.origin, OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20abc,x-team=ai' }, [{ name: 'default' }]);
    const [req] = backend.requests;
    expect(req.path).toBe('/v1/traces');
    expect(req.headers).toMatchObject({ 'content-type': 'application/x-protobuf', authorization: 'Bearer abc', 'x-team': 'ai' });
    expect(protobufNames(req)).toEqual(['default']);
  });

  it('compresses with gzip (OTEL_EXPORTER_OTLP_COMPRESSION), ring buffer and WAL alike', async () => {
    backend = await RecordingServer.start();
    await run({ OTEL_EXPORTER_OTLP_ENDPOINT: backend.origin, OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' }, [{ name: 'zipped' }, { name: 'zipped-wal', mode: 'complete' }]);
    expect(backend.requests).toHaveLength(2);
    for (const req of backend.requests) {
      expect(req.headers['content-encoding']).toBe('gzip');
      expect(req.rawBody.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    }
    expect(backend.requests.flatMap(protobufNames).sort()).toEqual(['zipped', 'zipped-wal']);
  });

  it('uses the CA and client certificate files of OTEL_EXPORTER_OTLP_TRACES_* (mutual TLS), ring buffer and WAL alike', async () => {
    backend = await RecordingServer.start({ requireClientCertificate: true });
    await run(
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: backend.origin,
        OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: TLS_FILES.ca,
        OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE: TLS_FILES.clientCert,
        OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY: TLS_FILES.clientKey,
      },
      [{ name: 'secure' }, { name: 'secure-wal', mode: 'complete' }],
    );
    expect(backend.requests).toHaveLength(2);
    expect(backend.requests.every((r) => r.clientCertificate === 'agent-otel test client')).toBe(true);
    expect(handle!.pipeline!.wal!.stats()).toMatchObject({ acknowledged: 1, pending: 0 });
  });

  it('reports an unreadable certificate file and still starts', async () => {
    backend = await RecordingServer.start({});
    const errors: string[] = [];
    diag.setLogger({ error: (m: string) => errors.push(m), warn() {}, info() {}, debug() {}, verbose() {} }, DiagLogLevel.ERROR);
    handle = freshRegister().register(
      { handleProcessExit: false, logLevel: 'none' },
      { XDG_STATE_HOME: stateHome, OTEL_EXPORTER_OTLP_ENDPOINT: backend.origin, OTEL_EXPORTER_OTLP_CERTIFICATE: '/nonexistent/ca.pem', OTEL_EXPORTER_OTLP_TIMEOUT: '2000' },
    );
    expect(errors.join('\n')).toMatch(
      /exporter\.tls\.caFile \(OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE, OTEL_EXPORTER_OTLP_CERTIFICATE\): "\/nonexistent\/ca\.pem" could not be read/,
    );
    trace.getTracer('t').startSpan('untrusted').end();
    await handle.forceFlush();
    expect(backend.requests).toHaveLength(0); // Node's CAs do not trust the test server
  });

  it('exports to Zipkin as JSON v2 in every capture mode (OTEL_TRACES_EXPORTER=zipkin)', async () => {
    backend = await RecordingServer.start();
    await run(
      {
        OTEL_TRACES_EXPORTER: 'zipkin',
        OTEL_EXPORTER_ZIPKIN_ENDPOINT: `${backend.origin}/api/v2/spans`,
        // OTLP settings do not leak into the Zipkin exporter.
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
        OTEL_EXPORTER_OTLP_HEADERS: 'x-otlp-only=1',
      },
      [{ name: 'sampled' }, { name: 'complete', mode: 'complete' }, { name: 'critical', mode: 'critical' }],
      { serviceName: 'zipkin-svc' },
    );
    expect(backend.requests.every((r) => r.path === '/api/v2/spans' && r.headers['content-type'] === 'application/json')).toBe(true);
    expect(backend.requests.some((r) => r.headers['x-otlp-only'] !== undefined)).toBe(false);
    const spans = backend.requests.flatMap((r) => JSON.parse(r.body.toString()));
    expect(spans.map((s: { name: string }) => s.name).sort()).toEqual(['complete', 'critical', 'sampled']);
    for (const span of spans) expect(span.localEndpoint.serviceName).toBe('zipkin-svc');
    expect(spans.find((s: { name: string }) => s.name === 'critical').tags['agent_otel.capture.mode']).toBe('critical');
    expect(handle!.pipeline!.wal!.stats()).toMatchObject({ acknowledged: 2, pending: 0 });
    // One Zipkin exporter serves both pipelines: no separate WAL sender.
    expect(handle!.pipeline!.walSender).toBeUndefined();
  });

  it("takes register({ exporter: 'zipkin' }) with the endpoint from OTEL_EXPORTER_ZIPKIN_ENDPOINT", async () => {
    backend = await RecordingServer.start();
    await run({ OTEL_EXPORTER_ZIPKIN_ENDPOINT: `${backend.origin}/zipkin`, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' }, [{ name: 'short' }], { exporter: 'zipkin' });
    expect(backend.requests.map((r) => r.path)).toEqual(['/zipkin']);
  });

  it('routes spans per tenant from baggage, in the ring buffer and the WAL (AGENT_OTEL_TENANCY)', async () => {
    backend = await RecordingServer.start();
    await run({ OTEL_EXPORTER_OTLP_ENDPOINT: backend.origin, AGENT_OTEL_TENANCY: '{"defaultTenant":"shared"}' }, [
      { name: 'a-sampled', baggage: { 'tenant.id': 'acme' } },
      { name: 'b-sampled', baggage: { 'tenant.id': 'globex' } },
      { name: 'a-complete', mode: 'complete', baggage: { 'tenant.id': 'acme' } },
      { name: 'anonymous' },
    ]);
    const byTenant: Record<string, string[]> = {};
    for (const req of backend.requests) (byTenant[String(req.headers['x-tenant'])] ??= []).push(...protobufNames(req));
    for (const names of Object.values(byTenant)) names.sort();
    expect(byTenant).toEqual({ acme: ['a-complete', 'a-sampled'], globex: ['b-sampled'], shared: ['anonymous'] });
  });
});
