/**
 * Per-tenant export against a real Jaeger v2 with multi-tenancy (jaeger/config-tenancy.yaml): spans
 * of tenants A and B — in sampled and complete mode, the tenant taken from `tenant.id` baggage — are
 * routed to each tenant's endpoint; a query with tenant A's header sees A's trace and not B's, and
 * the other way round.
 */
import * as path from 'node:path';
import { emitSpans, type Emitted } from '../helpers/emit-spans';
import { TempDirs } from '../helpers/temp-dirs';

const tempDirs = new TempDirs('agent-otel-tenancy-e2e-');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startJaeger } = require('../../../../scripts/jaeger');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { freePorts } = require('../../../../scripts/lib/free-port');

const CONFIG = path.join(__dirname, '..', '..', '..', '..', 'jaeger', 'config-tenancy.yaml');

interface Jaeger {
  otlpHttpUrl: string;
  queryUrl: string;
  stop(): Promise<void>;
}

/** GET /api/v3/traces/{id} as `tenant`: the status and the span names found. */
async function queryAs(jaeger: Jaeger, tenant: string | undefined, traceId: string): Promise<{ status: number; names: string[] }> {
  const res = await fetch(`${jaeger.queryUrl}/api/v3/traces/${traceId}`, { headers: tenant ? { 'x-tenant': tenant } : {} });
  const text = await res.text();
  if (!res.ok) return { status: res.status, names: [] };
  const body = JSON.parse(text) as { result?: { resourceSpans?: { scopeSpans: { spans: { name: string }[] }[] }[] } };
  const names = (body.result?.resourceSpans ?? []).flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.name)));
  return { status: res.status, names };
}

/** Polls until `tenant` sees at least `count` spans of the trace. */
async function waitForSpans(jaeger: Jaeger, tenant: string, traceId: string, count: number): Promise<string[]> {
  const deadline = Date.now() + 20000;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = (await queryAs(jaeger, tenant, traceId)).names;
    if (last.length >= count) return last.sort();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`tenant ${tenant} sees ${last.length} spans of ${traceId}, expected ${count}`);
}

describe('per-tenant export into Jaeger with multi-tenancy (e2e)', () => {
  let jaeger: Jaeger;
  let stateHome: string;
  let a: Emitted;
  let b: Emitted;
  let none: Emitted;

  beforeAll(async () => {
    const [tenantA, tenantB, remoteStorage] = await freePorts(3);
    jaeger = await startJaeger({
      config: CONFIG,
      queryHeaders: { 'x-tenant': 'tenant-a' },
      env: {
        JAEGER_TENANT_A_OTLP_HTTP_PORT: String(tenantA),
        JAEGER_TENANT_B_OTLP_HTTP_PORT: String(tenantB),
        JAEGER_REMOTE_STORAGE_PORT: String(remoteStorage),
        // The remote-storage extension traces itself to OTLP gRPC on localhost:4317 unless told not to sample.
        OTEL_TRACES_SAMPLER: 'always_off',
      },
    });
    stateHome = tempDirs.make();
    const env = (name: string) => ({
      OTEL_SERVICE_NAME: name,
      OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpHttpUrl,
      AGENT_OTEL_TENANCY: JSON.stringify({
        endpoints: { 'tenant-a': `http://127.0.0.1:${tenantA}/v1/traces`, 'tenant-b': `http://127.0.0.1:${tenantB}/v1/traces` },
      }),
      AGENT_OTEL_WAL_DIR: path.join(stateHome, name),
    });
    [a, b, none] = await Promise.all([
      emitSpans(env('svc-a'), [
        { name: 'a request', tenant: 'tenant-a' },
        { name: 'a kept', tenant: 'tenant-a', mode: 'complete', child: true },
      ]),
      emitSpans(env('svc-b'), [
        { name: 'b request', tenant: 'tenant-b' },
        { name: 'b kept', tenant: 'tenant-b', mode: 'complete', child: true },
      ]),
      emitSpans(env('svc-none'), [{ name: 'no tenant' }]),
    ]);
  }, 60000);

  afterAll(async () => {
    await jaeger?.stop();
    tempDirs.cleanup();
  });

  it("shows tenant A its trace (sampled and complete spans) and not tenant B's", async () => {
    expect(await waitForSpans(jaeger, 'tenant-a', a.spans[0].traceId, 2)).toEqual(['a kept', 'a request']);
    expect(await queryAs(jaeger, 'tenant-a', b.spans[0].traceId)).toEqual({ status: 404, names: [] });
  });

  it("shows tenant B its trace and not tenant A's", async () => {
    expect(await waitForSpans(jaeger, 'tenant-b', b.spans[0].traceId, 2)).toEqual(['b kept', 'b request']);
    expect(await queryAs(jaeger, 'tenant-b', a.spans[0].traceId)).toEqual({ status: 404, names: [] });
  });

  it('keeps spans without a tenant out of every tenant, and refuses queries without a valid tenant', async () => {
    await waitForSpans(jaeger, 'tenant-a', a.spans[0].traceId, 2); // both tenants' data has landed by now
    expect((await queryAs(jaeger, 'tenant-a', none.spans[0].traceId)).status).toBe(404);
    expect((await queryAs(jaeger, 'tenant-b', none.spans[0].traceId)).status).toBe(404);
    expect((await queryAs(jaeger, undefined, a.spans[0].traceId)).status).toBeGreaterThanOrEqual(400);
    expect((await queryAs(jaeger, 'tenant-c', a.spans[0].traceId)).status).toBeGreaterThanOrEqual(400);
  });
});
