/**
 * One trace across three services in two languages, read back from a real Jaeger:
 *
 *   client ──baggage──► node-frontend (agent-otel preload) ──fetch──► python-relay (official OTel
 *   Python SDK, examples/python-relay) ──urllib──► node-backend (agent-otel preload)
 *
 * Each service answers with the trace context and baggage it saw; Jaeger must hold one trace whose
 * parent links run frontend server → frontend client → python server → python client → backend
 * server, with session.id and tenant.id recorded by all three.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { JaegerClient, type TraceSpan } from '@agent-otel/cli';
import { startChildService, type ChildService } from '../helpers/child-service';
import { startProcessService } from '../helpers/process-service';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startJaeger } = require('../../../../scripts/jaeger');

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const FIXTURE = path.join(__dirname, '..', 'fixtures', 'context-probe-service.cjs');
const PYTHON_RELAY = path.join(ROOT, 'examples', 'python-relay', 'relay.py');
const PRELOAD = require.resolve('@agent-otel/node/register');
const SERVER = 2;
const CLIENT = 3;

interface RelayAnswer {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  baggage: Record<string, string>;
  downstream: RelayAnswer | null;
}

describe('Node → Python → Node in one trace (e2e, real Jaeger, official Python SDK)', () => {
  let jaeger: { otlpHttpUrl: string; queryUrl: string; stop(): Promise<void> };
  let services: ChildService[] = [];
  let answer: RelayAnswer;
  let spans: TraceSpan[];

  beforeAll(async () => {
    const python = execFileSync('bash', [path.join(ROOT, 'scripts', 'install-python-otel.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
      .trim()
      .split('\n')
      .pop()!;
    jaeger = await startJaeger();
    const exportTo = { OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpHttpUrl };
    const backend = await startChildService(FIXTURE, ['--require', PRELOAD], { ...exportTo, OTEL_SERVICE_NAME: 'node-backend' });
    services.push(backend);
    const relay = await startProcessService(python, [PYTHON_RELAY], { ...exportTo, OTEL_SERVICE_NAME: 'python-relay', DOWNSTREAM_URL: backend.url });
    services.push(relay);
    const frontend = await startChildService(FIXTURE, ['--require', PRELOAD], { ...exportTo, OTEL_SERVICE_NAME: 'node-frontend', DOWNSTREAM_URL: relay.url });
    services.push(frontend);

    const res = await fetch(`${frontend.url}/relay`, { headers: { baggage: 'session.id=sess-x1,tenant.id=acme,note=two%20words' } });
    expect(res.status).toBe(200);
    answer = (await res.json()) as RelayAnswer;
    // SIGTERM makes every service flush what it buffered before it exits.
    await Promise.all(services.map((s) => s.stop()));
    services = [];
    spans = await new JaegerClient({ url: jaeger.queryUrl }).waitForTrace(answer.traceId, { minSpans: 5 });
  }, 180000);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await jaeger?.stop();
  });

  it('carries the trace id and the baggage through all three services', () => {
    const python = answer.downstream!;
    const backend = python.downstream!;
    expect([answer.service, python.service, backend.service]).toEqual(['node-frontend', 'python-relay', 'node-backend']);
    for (const hop of [answer, python, backend]) {
      expect(hop.traceId).toBe(answer.traceId);
      expect(hop.baggage).toMatchObject({ 'session.id': 'sess-x1', 'tenant.id': 'acme' });
    }
  });

  it('shows the Python SDK form-encoding a space in a baggage value as + (an interop deviation)', () => {
    // opentelemetry-python encodes with quote_plus: `two words` leaves it as `two+words`, which a
    // W3C-conformant receiver reads as a literal plus (the README's conformance notes say more).
    expect(answer.baggage.note).toBe('two words');
    expect(answer.downstream!.baggage.note).toBe('two words');
    expect(answer.downstream!.downstream!.baggage.note).toBe('two+words');
  });

  it('links the spans parent to child across the language boundary in Jaeger', () => {
    const one = (service: string, kind: number) => {
      const found = spans.filter((s) => s.service === service && s.kind === kind);
      expect(found).toHaveLength(1);
      return found[0];
    };
    const frontendServer = one('node-frontend', SERVER);
    const frontendClient = one('node-frontend', CLIENT);
    const pythonServer = one('python-relay', SERVER);
    const pythonClient = one('python-relay', CLIENT);
    const backendServer = one('node-backend', SERVER);

    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([answer.traceId]));
    expect(frontendServer.parentSpanId).toBe('');
    expect(frontendClient.parentSpanId).toBe(frontendServer.spanId);
    expect(pythonServer.parentSpanId).toBe(frontendClient.spanId);
    expect(pythonClient.parentSpanId).toBe(pythonServer.spanId);
    expect(backendServer.parentSpanId).toBe(pythonClient.spanId);
    expect(answer.downstream!.parentSpanId).toBe(frontendClient.spanId);
    expect(answer.downstream!.downstream!.parentSpanId).toBe(pythonClient.spanId);
  });

  it('records the baggage as span attributes in every service', () => {
    for (const span of spans.filter((s) => s.service.startsWith('node-'))) {
      expect(span.attributes['session.id']).toBe('sess-x1');
      expect(span.attributes['agent_otel.tenant.id']).toBe('acme');
    }
    const pythonServer = spans.find((s) => s.service === 'python-relay' && s.kind === SERVER)!;
    expect(pythonServer.attributes).toMatchObject({ 'session.id': 'sess-x1', 'tenant.id': 'acme' });
  });
});
