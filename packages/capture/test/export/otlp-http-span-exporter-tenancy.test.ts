import * as fs from 'node:fs';
import { diag, DiagLogLevel } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createProtobufSpanEncoder } from '../../src/otlp/protobuf-span-encoder';
import { decodeTraceRequest } from '../../src/export/otlp-trace-decoder';
import { OtlpHttpSpanExporter } from '../../src/export/otlp-http-span-exporter';
import { RoutingOtlpHttpExporter } from '../../src/export/routing-otlp-http-exporter';
import { plainSpan } from '../helpers/otlp-span-generator';
import { RecordingServer, TLS_FILES, type RecordedRequest } from '../helpers/recording-server';

const ATTR = 'agent_otel.tenant.id';
const span = (name: string, tenant?: unknown) => plainSpan({ name, attributes: tenant === undefined ? {} : { [ATTR]: tenant as string } });
const names = (req: RecordedRequest) => decodeTraceRequest(req.body).flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.name)));
const exportAll = (exporter: OtlpHttpSpanExporter, spans: ReadableSpan[]) => new Promise<ExportResult>((resolve) => exporter.export(spans, resolve));
/** Requests by tenant header value (`-` for none), each with its span names. */
const byTenant = (requests: RecordedRequest[]) => Object.fromEntries(requests.map((r) => [String(r.headers['x-tenant'] ?? '-'), names(r)]));

describe('OtlpHttpSpanExporter with TLS and tenancy', () => {
  const servers: RecordingServer[] = [];
  const exporters: OtlpHttpSpanExporter[] = [];
  const start = async (tls?: object) => {
    const s = await RecordingServer.start(tls);
    servers.push(s);
    return s;
  };
  const make = (options: ConstructorParameters<typeof OtlpHttpSpanExporter>[0]) => {
    const e = new OtlpHttpSpanExporter({ retry: { maxAttempts: 1 }, ...options });
    exporters.push(e);
    return e;
  };
  afterEach(async () => {
    await Promise.all(exporters.splice(0).map((e) => e.shutdown()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
    diag.disable();
  });

  it('without tenancy sends each batch as one OTLP/protobuf request', async () => {
    const backend = await start();
    const exporter = make({ url: `${backend.origin}/v1/traces` });
    expect((await exportAll(exporter, [span('a', 'x'), span('b')])).code).toBe(ExportResultCode.SUCCESS);
    expect(backend.requests).toHaveLength(1);
    expect(backend.requests[0].headers).toMatchObject({ 'content-type': 'application/x-protobuf' });
    expect(backend.requests[0].headers).not.toHaveProperty('x-tenant');
    expect(names(backend.requests[0])).toEqual(['a', 'b']);
    const record = createProtobufSpanEncoder()
      .encode([span('wal')])
      .slice();
    expect((await exporter.sendEncoded(record)).code).toBe(ExportResultCode.SUCCESS);
    expect(backend.requests[1].body.equals(record)).toBe(true);
  });

  it('sends one request per tenant with the tenant header, for export() and sendEncoded() alike', async () => {
    const backend = await start();
    const exporter = make({ url: backend.origin, tenancy: {} });
    await exportAll(exporter, [span('a1', 'tenant-a'), span('b1', 'tenant-b'), span('a2', 'tenant-a'), span('none')]);
    expect(byTenant(backend.requests)).toEqual({ 'tenant-a': ['a1', 'a2'], 'tenant-b': ['b1'], '-': ['none'] });
    const encoder = createProtobufSpanEncoder();
    const wal = Buffer.concat([encoder.encode([span('wa', 'tenant-a')]).slice(), encoder.encode([span('wb', 'tenant-b')]).slice()]);
    await exporter.sendEncoded(wal);
    expect(byTenant(backend.requests.slice(3))).toEqual({ 'tenant-a': ['wa'], 'tenant-b': ['wb'] });
    expect(exporter.stats()).toMatchObject({ sent: 5, failed: 0 });
  });

  it('routes listed tenants to their own endpoint and the others to the default one', async () => {
    const shared = await start();
    const dedicated = await start();
    const exporter = make({ url: shared.origin, tenancy: { header: 'X-Scope-OrgID', endpoints: { vip: `${dedicated.origin}/v1/traces` }, defaultTenant: 'shared' } });
    await exportAll(exporter, [span('v', 'vip'), span('o', 'other'), span('n')]);
    expect(dedicated.requests.map((r) => [r.path, r.headers['x-scope-orgid'], names(r)])).toEqual([['/v1/traces', 'vip', ['v']]]);
    expect(Object.fromEntries(shared.requests.map((r) => [r.headers['x-scope-orgid'], names(r)]))).toEqual({ other: ['o'], shared: ['n'] });
  });

  it('sends spans whose tenant is not a valid header value as the default tenant, and warns once', async () => {
    const warnings: string[] = [];
    diag.setLogger({ error() {}, warn: (m: string) => warnings.push(m), info() {}, debug() {}, verbose() {} }, DiagLogLevel.WARN);
    const backend = await start();
    const exporter = make({ url: backend.origin, tenancy: { defaultTenant: 'fallback' } });
    const bad = ['evil\r\nx-injected: 1', 'ünïcode', 'x'.repeat(300), ' padded', ''];
    await exportAll(exporter, [...bad.map((t, i) => span(`bad${i}`, t)), span('int', 7)]);
    expect(byTenant(backend.requests)).toEqual({ fallback: ['bad0', 'bad1', 'bad2', 'bad3', 'bad4'], '7': ['int'] });
    expect(backend.requests.every((r) => r.headers['x-injected'] === undefined)).toBe(true);
    expect(exporter.stats().invalidTenants).toBe(5);
    expect(warnings).toHaveLength(1);
  });

  it('reports a batch failed when one tenant fails, naming that tenant', async () => {
    const backend = await start();
    backend.statusFor = (req) => (req.headers['x-tenant'] === 'bad-tenant' ? 400 : 202);
    const exporter = make({ url: backend.origin, tenancy: {} });
    const result = await exportAll(exporter, [span('a', 'ok-tenant'), span('b', 'bad-tenant')]);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/^export of tenant bad-tenant failed: .*HTTP 400/);
    expect(exporter.stats()).toMatchObject({ sent: 1, failed: 1 });
  });

  it('keeps the exporter error of a single request as it is', async () => {
    const backend = (await start()).script(401);
    const exporter = make({ url: backend.origin, tenancy: {} });
    const result = await exporter.sendEncoded(
      createProtobufSpanEncoder()
        .encode([span('a', 't')])
        .slice(),
    );
    expect(result.error?.name).toBe('OtlpExportError');
  });

  it('fails bytes that cannot be split, without sending', async () => {
    const backend = await start();
    const exporter = make({ url: backend.origin, tenancy: {} });
    const result = await exporter.sendEncoded(Uint8Array.from([0x0a, 0x40]));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/could not be split by tenant/);
    expect(backend.requests).toHaveLength(0);
  });

  it('succeeds at once for an empty batch', async () => {
    const backend = await start();
    const exporter = make({ url: backend.origin, tenancy: {} });
    expect((await exporter.sendEncoded(new Uint8Array(0))).code).toBe(ExportResultCode.SUCCESS);
    expect(backend.requests).toHaveLength(0);
  });

  it('sends over TLS with the given CA, gzip-compressed', async () => {
    const backend = await start({});
    const exporter = make({ url: backend.origin, compression: 'gzip', tls: { ca: fs.readFileSync(TLS_FILES.ca) } });
    expect((await exportAll(exporter, [span('secure')])).code).toBe(ExportResultCode.SUCCESS);
    expect(backend.requests[0].headers['content-encoding']).toBe('gzip');
    expect(names(backend.requests[0])).toEqual(['secure']);
  });

  it('refuses exports after shutdown', async () => {
    const backend = await start();
    const exporter = make({ url: backend.origin, tenancy: {} });
    await exporter.shutdown();
    const result = await exportAll(exporter, [span('late', 'a')]);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/after shutdown/);
    expect(backend.requests).toHaveLength(0);
  });

  it('reports an encoding failure through the callback', async () => {
    const exporter = make({
      url: 'http://127.0.0.1:9',
      encoder: {
        encode: () => {
          throw new Error('cannot encode');
        },
      },
    });
    const result = await exportAll(exporter, [span('x')]);
    expect(result).toMatchObject({ code: ExportResultCode.FAILED, error: new Error('cannot encode') });
  });

  const bad: [string, object, RegExp][] = [
    ['tenancy.header', { header: 'bad header' }, /option tenancy.header must be an HTTP header name/],
    ['tenancy.attribute', { attribute: '' }, /option tenancy.attribute/],
    ['tenancy.defaultTenant', { defaultTenant: 'a\nb' }, /option tenancy.defaultTenant/],
    ['tenancy.endpoints URL', { endpoints: { a: 'nope' } }, /option tenancy.endpoints.a must be an absolute http\(s\) URL/],
    ['tenancy.endpoints tenant', { endpoints: { 'a\tb': 'http://x' } }, /option tenancy.endpoints has an invalid tenant id/],
    ['unknown tenancy field', { defaultTenat: 'a' }, /option tenancy.defaultTenat is not an option \(header, attribute, endpoints, defaultTenant\)/],
  ];
  it.each(bad)('rejects a bad %s naming the option', (_name, tenancy, message) => {
    expect(() => new OtlpHttpSpanExporter({ tenancy })).toThrow(message);
  });

  it('keeps the deprecated name RoutingOtlpHttpExporter working: the same class', async () => {
    expect(RoutingOtlpHttpExporter).toBe(OtlpHttpSpanExporter);
    const backend = await start();
    const exporter = new RoutingOtlpHttpExporter({ url: backend.origin, tenancy: { defaultTenant: 'd' } });
    exporters.push(exporter);
    expect((await exportAll(exporter, [span('old name')])).code).toBe(ExportResultCode.SUCCESS);
    expect(byTenant(backend.requests)).toEqual({ d: ['old name'] });
  });
});
