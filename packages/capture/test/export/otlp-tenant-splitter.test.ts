import { resourceFromAttributes } from '@opentelemetry/resources';
import { createProtobufSpanEncoder } from '../../src/otlp/protobuf-span-encoder';
import { decodeTraceRequest } from '../../src/export/otlp-trace-decoder';
import { splitRequestByTenant } from '../../src/export/otlp-tenant-splitter';
import { ProtobufDecodeError } from '../../src/export/protobuf-reader';
import { decodeTraceRequest as decodeWithSchema } from '../helpers/otlp-proto-decoder';
import { generateSpans, plainSpan } from '../helpers/otlp-span-generator';

const ATTR = 'agent_otel.tenant.id';
const identity = (raw: string | undefined) => raw;

function namesByTenant(split: Map<string | undefined, Uint8Array[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [tenant, chunks] of split) {
    out[String(tenant)] = decodeTraceRequest(Buffer.concat(chunks)).flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.name)));
  }
  return out;
}

describe('splitRequestByTenant', () => {
  const encoder = createProtobufSpanEncoder();
  const record = (name: string, tenant?: string | number) => encoder.encode([plainSpan({ name, attributes: tenant === undefined ? {} : { [ATTR]: tenant } })]).slice();

  it('passes write-ahead-log records (one span each) on as they are, grouped by tenant', () => {
    const records = [record('a1', 'a'), record('b1', 'b'), record('none'), record('a2', 'a')];
    const split = splitRequestByTenant(Buffer.concat(records), ATTR, identity);
    expect(namesByTenant(split)).toEqual({ a: ['a1', 'a2'], b: ['b1'], undefined: ['none'] });
    expect(Buffer.from(split.get('a')![0]).equals(records[0])).toBe(true);
    expect(Buffer.concat(split.get('a')!).equals(Buffer.concat([records[0], records[3]]))).toBe(true);
  });

  it('rebuilds a mixed ResourceSpans per tenant, keeping resource, scope and span bytes intact', () => {
    const spans = [
      plainSpan({ name: 'a1', attributes: { [ATTR]: 'a' } }),
      plainSpan({ name: 'b1', attributes: { [ATTR]: 'b' } }),
      plainSpan({ name: 'a2', attributes: { [ATTR]: 'a' } }),
    ];
    const bytes = encoder.encode(spans).slice();
    const split = splitRequestByTenant(bytes, ATTR, identity);
    expect(namesByTenant(split)).toEqual({ a: ['a1', 'a2'], b: ['b1'] });
    for (const tenant of ['a', 'b']) {
      const request = decodeWithSchema(Buffer.concat(split.get(tenant)!));
      expect(request.resourceSpans).toHaveLength(1);
      expect(request.resourceSpans[0].resource.attributes).toEqual([['service.name', { string: 'plain' }]]);
      expect(request.resourceSpans[0].scopeSpans[0].scope).toMatchObject({ name: 'plain-scope', version: '1.0.0' });
    }
  });

  it('splits large generated batches into requests that together hold every span once', () => {
    const spans = generateSpans(21, { count: 200 });
    spans.forEach((s, i) => ((s.attributes as Record<string, unknown>)[ATTR] = ['t1', 't2', 't3'][i % 3]));
    const bytes = encoder.encode(spans).slice();
    const split = splitRequestByTenant(bytes, ATTR, identity);
    const all = [...split.values()].flatMap((chunks) => decodeWithSchema(Buffer.concat(chunks)).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)));
    const original = decodeWithSchema(bytes).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
    expect(all).toHaveLength(original.length);
    expect(new Set(all.map((s) => s.spanId + s.traceId + s.name))).toEqual(new Set(original.map((s) => s.spanId + s.traceId + s.name)));
    for (const [tenant, chunks] of split) {
      const names = decodeTraceRequest(Buffer.concat(chunks)).flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.attributes[ATTR])));
      expect(new Set(names)).toEqual(new Set([tenant]));
    }
  });

  it("uses the resource's attribute for spans without their own", () => {
    const resource = resourceFromAttributes({ 'service.name': 'svc', [ATTR]: 'from-resource' });
    const bytes = encoder.encode([plainSpan({ name: 'r', resource }), plainSpan({ name: 'own', resource, attributes: { [ATTR]: 'own' } })]).slice();
    expect(namesByTenant(splitRequestByTenant(bytes, ATTR, identity))).toEqual({ 'from-resource': ['r'], own: ['own'] });
  });

  it('takes an integer tenant id as its decimal text, and other types as none', () => {
    const bytes = Buffer.concat([record('int', 42), encoder.encode([plainSpan({ name: 'bool', attributes: { [ATTR]: true } })]).slice()]);
    expect(namesByTenant(splitRequestByTenant(bytes, ATTR, identity))).toEqual({ '42': ['int'], undefined: ['bool'] });
  });

  it('lets the resolver choose the tenant a raw value is sent as', () => {
    const split = splitRequestByTenant(Buffer.concat([record('a', 'a'), record('x')]), ATTR, (raw) => raw ?? 'default');
    expect(namesByTenant(split)).toEqual({ a: ['a'], default: ['x'] });
  });

  it('matches the attribute key exactly', () => {
    const bytes = encoder.encode([plainSpan({ name: 'p', attributes: { [`${ATTR}.x`]: 'no', [ATTR.slice(0, -1)]: 'no' } })]).slice();
    expect(namesByTenant(splitRequestByTenant(bytes, ATTR, identity))).toEqual({ undefined: ['p'] });
  });

  it('returns nothing for an empty request and throws for malformed bytes', () => {
    expect(splitRequestByTenant(new Uint8Array(0), ATTR, identity).size).toBe(0);
    expect(() => splitRequestByTenant(record('t', 'a').slice(0, 30), ATTR, identity)).toThrow(ProtobufDecodeError);
  });
});
