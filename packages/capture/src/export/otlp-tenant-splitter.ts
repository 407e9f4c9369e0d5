import { ProtobufReader, WireType } from './protobuf-reader';

/** Turns the raw tenant found on a span (or its resource) into the tenant it is sent as. */
export type TenantResolver = (raw: string | undefined) => string | undefined;

interface SpanField {
  /** The whole `spans` field: tag, length and message. */
  start: number;
  end: number;
  tenant: string | undefined;
}

interface ScopeFields {
  /** The scope's fields other than `spans` (scope, schema_url), as raw ranges. */
  others: [number, number][];
  spans: SpanField[];
}

/**
 * Splits OTLP/protobuf `ExportTraceServiceRequest` bytes (one request or several concatenated)
 * into one request per tenant, without decoding more than it must: it walks the message structure
 * and reads only the attribute named `attribute` of each span (falling back to the resource's),
 * comparing keys as bytes. A `ResourceSpans` whose spans all belong to one tenant — always the case
 * for a write-ahead-log record, which holds one span — is passed on as it is; a mixed one is
 * rebuilt per tenant from its raw fields (resource, scope and span bytes are copied unchanged).
 * String and integer attribute values count as tenant ids; other types as none.
 *
 * Returns, per tenant (undefined: none), the byte chunks whose concatenation is that tenant's request.
 * @throws ProtobufDecodeError when the bytes are not well-formed.
 */
export function splitRequestByTenant(bytes: Uint8Array, attribute: string, resolve: TenantResolver): Map<string | undefined, Uint8Array[]> {
  const key = Buffer.from(attribute, 'utf8');
  const out = new Map<string | undefined, Uint8Array[]>();
  const add = (tenant: string | undefined, chunk: Uint8Array): void => {
    const chunks = out.get(tenant);
    if (chunks) chunks.push(chunk);
    else out.set(tenant, [chunk]);
  };
  const reader = new ProtobufReader(bytes);
  while (reader.more()) {
    const fieldStart = reader.pos;
    const [field, wire] = reader.tag();
    if (field !== 1 || wire !== WireType.LEN) {
      reader.skip(wire);
      continue;
    }
    const [start, end] = reader.range();
    splitResourceSpans(bytes, fieldStart, start, end, key, resolve, add);
  }
  return out;
}

function splitResourceSpans(
  bytes: Uint8Array,
  fieldStart: number,
  start: number,
  end: number,
  key: Uint8Array,
  resolve: TenantResolver,
  add: (tenant: string | undefined, chunk: Uint8Array) => void,
): void {
  const others: [number, number][] = [];
  const scopes: ScopeFields[] = [];
  let resourceTenant: string | undefined;
  const r = new ProtobufReader(bytes, start, end);
  while (r.more()) {
    const at = r.pos;
    const [field, wire] = r.tag();
    if (field === 2 && wire === WireType.LEN) {
      scopes.push(readScope(r.message(), key));
      continue;
    }
    if (field === 1 && wire === WireType.LEN) {
      resourceTenant = attributeIn(r.message(), 1, key);
    } else {
      r.skip(wire);
    }
    others.push([at, r.pos]);
  }
  const tenants = new Set<string | undefined>();
  for (const scope of scopes) {
    for (const span of scope.spans) {
      span.tenant = resolve(span.tenant ?? resourceTenant);
      tenants.add(span.tenant);
    }
  }
  if (tenants.size === 0) return; // no spans: nothing to export
  if (tenants.size === 1) {
    add(tenants.values().next().value, bytes.subarray(fieldStart, end));
    return;
  }
  for (const tenant of tenants) {
    const parts: Uint8Array[] = others.map(([s, e]) => bytes.subarray(s, e));
    for (const scope of scopes) {
      const spans = scope.spans.filter((span) => span.tenant === tenant);
      if (spans.length === 0) continue;
      parts.push(frame(2, [...scope.others.map(([s, e]) => bytes.subarray(s, e)), ...spans.map((span) => bytes.subarray(span.start, span.end))]));
    }
    add(tenant, frame(1, parts));
  }
}

function readScope(r: ProtobufReader, key: Uint8Array): ScopeFields {
  const scope: ScopeFields = { others: [], spans: [] };
  while (r.more()) {
    const at = r.pos;
    const [field, wire] = r.tag();
    if (field === 2 && wire === WireType.LEN) {
      const tenant = attributeIn(r.message(), 9, key);
      scope.spans.push({ start: at, end: r.pos, tenant });
    } else {
      r.skip(wire);
      scope.others.push([at, r.pos]);
    }
  }
  return scope;
}

/** The value of attribute `key` among the `KeyValue` fields numbered `attributesField` of a message. */
function attributeIn(r: ProtobufReader, attributesField: number, key: Uint8Array): string | undefined {
  let found: string | undefined;
  while (r.more()) {
    const [field, wire] = r.tag();
    if (field !== attributesField || wire !== WireType.LEN) {
      r.skip(wire);
      continue;
    }
    const kv = r.message();
    let matches = false;
    let value: ProtobufReader | undefined;
    while (kv.more()) {
      const [f, w] = kv.tag();
      if (f === 1 && w === WireType.LEN) matches = Buffer.compare(kv.slice(), key) === 0;
      else if (f === 2 && w === WireType.LEN) value = kv.message();
      else kv.skip(w);
    }
    if (matches) found = value ? tenantValue(value) : undefined;
  }
  return found;
}

/** A tenant id from an `AnyValue`: its string, or its integer as decimal text. */
function tenantValue(r: ProtobufReader): string | undefined {
  let value: string | undefined;
  while (r.more()) {
    const [field, wire] = r.tag();
    if (field === 1 && wire === WireType.LEN) value = r.string();
    else if (field === 3 && wire === WireType.VARINT) value = String(r.int64());
    else {
      r.skip(wire);
      value = undefined;
    }
  }
  return value;
}

/** A length-delimited field: tag, varint length, then `parts`. */
function frame(field: number, parts: Uint8Array[]): Uint8Array {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const header: number[] = [(field << 3) | WireType.LEN];
  for (let v = length; ; v = Math.floor(v / 128)) {
    if (v < 128) {
      header.push(v);
      break;
    }
    header.push((v % 128) | 0x80);
  }
  return Buffer.concat([Uint8Array.from(header), ...parts]);
}
