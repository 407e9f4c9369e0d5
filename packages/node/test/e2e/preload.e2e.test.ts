/**
 * The zero-code path against a real Jaeger: two services traced only through the preload
 * (`--require` for CommonJS, `--import` for ESM) and configured only by OTEL_* variables.
 */
import * as path from 'node:path';
import { JaegerClient } from '@agent-otel/cli';
import { startChildService, type ChildService } from '../helpers/child-service';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startJaeger } = require('../../../../scripts/jaeger');

const FIXTURES = path.join(__dirname, '..', 'fixtures');
const PRELOAD = require.resolve('@agent-otel/node/register');

describe('preload registration (e2e, real Jaeger)', () => {
  let jaeger: { otlpHttpUrl: string; queryUrl: string; stop(): Promise<void> };
  let client: JaegerClient;
  let esm: ChildService;
  let cjs: ChildService;

  beforeAll(async () => {
    jaeger = await startJaeger();
    client = new JaegerClient({ url: jaeger.queryUrl });
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpHttpUrl, AGENT_OTEL_AGENT_NAME: 'relay-agent' };
    esm = await startChildService(path.join(FIXTURES, 'relay-service.mjs'), ['--import', PRELOAD], { ...env, OTEL_SERVICE_NAME: 'relay-esm' });
    cjs = await startChildService(path.join(FIXTURES, 'relay-service.cjs'), ['--require', PRELOAD], {
      ...env,
      OTEL_SERVICE_NAME: 'relay-cjs',
      OTEL_RESOURCE_ATTRIBUTES: 'service.version=3.2.1,deployment.environment.name=test',
      DOWNSTREAM_URL: esm.url,
    });
  });

  afterAll(async () => {
    await Promise.all([cjs?.stop(), esm?.stop()]);
    await jaeger?.stop();
  });

  it('continues an inbound trace through a CommonJS and an ES module service, with baggage, into one Jaeger trace', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await fetch(`${cjs.url}/relay`, {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, baggage: 'session.id=sess-42,tenant.id=acme' },
    });
    const body = await res.json();
    expect(body.traceId).toBe(traceId);
    expect(body.sessionId).toBe('sess-42');
    expect(body.downstream.traceId).toBe(traceId);
    expect(body.downstream.sessionId).toBe('sess-42');

    // SIGTERM makes both services flush before they exit.
    await Promise.all([cjs.stop(), esm.stop()]);
    const spans = await client.waitForTrace(traceId, { minSpans: 3 });
    const cjsServer = spans.find((s) => s.service === 'relay-cjs' && s.kind === 2);
    const cjsClient = spans.find((s) => s.service === 'relay-cjs' && s.kind === 3);
    const esmServer = spans.find((s) => s.service === 'relay-esm' && s.kind === 2);
    expect(cjsServer).toBeDefined();
    expect(cjsClient).toBeDefined();
    expect(esmServer).toBeDefined();
    expect(cjsServer!.parentSpanId).toBe('00f067aa0ba902b7');
    expect(cjsClient!.parentSpanId).toBe(cjsServer!.spanId);
    expect(esmServer!.parentSpanId).toBe(cjsClient!.spanId);
    for (const span of [cjsServer!, cjsClient!, esmServer!]) {
      expect(span.attributes['session.id']).toBe('sess-42');
      expect(span.attributes['agent_otel.tenant.id']).toBe('acme');
    }
    expect(cjsServer!.resource['service.version']).toBe('3.2.1');
    expect(cjsServer!.resource['deployment.environment.name']).toBe('test');
  });
});

describe('malformed inbound context headers (e2e)', () => {
  let service: ChildService;
  beforeAll(async () => {
    service = await startChildService(path.join(FIXTURES, 'relay-service.cjs'), ['--require', PRELOAD], {
      OTEL_SERVICE_NAME: 'relay-bad-headers',
      OTEL_TRACES_EXPORTER: 'none',
    });
  });
  afterAll(() => service?.stop());

  const cases: [string, Record<string, string>][] = [
    ['non-hex trace id', { traceparent: '00-zzzz2f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }],
    ['all-zero trace id', { traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' }],
    ['all-zero parent id', { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01' }],
    ['version ff', { traceparent: 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }],
    ['truncated', { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736' }],
    ['garbage baggage', { traceparent: 'garbage', baggage: '=;;;,%%%,session.id' }],
    ['baggage over the W3C 8192-byte limit', { baggage: 'session.id=' + 'v'.repeat(9000) }],
  ];
  it.each(cases)('%s starts a new trace and the request succeeds', async (_name, headers) => {
    const res = await fetch(`${service.url}/`, { headers });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(body.traceId).not.toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(body.traceId).not.toMatch(/^0+$/);
    expect(service.child.exitCode).toBeNull();
  });
});
