/** The subset of OTLP/JSON (as served by Jaeger's `/api/v3/traces`) that the CLI reads. */
export interface OtlpJsonAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  bytesValue?: string;
  arrayValue?: { values?: OtlpJsonAnyValue[] };
  kvlistValue?: { values?: OtlpJsonKeyValue[] };
}

/** One OTLP/JSON attribute. */
export interface OtlpJsonKeyValue {
  key: string;
  value?: OtlpJsonAnyValue;
}

/** One OTLP/JSON span. */
export interface OtlpJsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: OtlpJsonKeyValue[];
  events?: { name: string; timeUnixNano: string; attributes?: OtlpJsonKeyValue[] }[];
  status?: { code?: number; message?: string };
}

/** One OTLP/JSON ExportTraceServiceRequest-shaped document. */
export interface OtlpJsonTraces {
  resourceSpans?: {
    resource?: { attributes?: OtlpJsonKeyValue[] };
    scopeSpans?: { scope?: { name?: string; version?: string }; spans?: OtlpJsonSpan[] }[];
  }[];
}

/** A JSON value decoded from an OTLP AnyValue: 64-bit ints become numbers when safe, else strings. */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };

/** Decodes one OTLP/JSON AnyValue. */
function decodeAnyValue(v: OtlpJsonAnyValue | undefined): AttributeValue {
  if (!v) return null;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) {
    const n = Number(v.intValue);
    return Number.isSafeInteger(n) ? n : String(v.intValue);
  }
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.bytesValue !== undefined) return v.bytesValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(decodeAnyValue);
  if (v.kvlistValue) return decodeAttributes(v.kvlistValue.values);
  return null;
}

/** Decodes an OTLP/JSON attribute list into a plain object. */
export function decodeAttributes(list: OtlpJsonKeyValue[] | undefined): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const kv of list ?? []) out[kv.key] = decodeAnyValue(kv.value);
  return out;
}
