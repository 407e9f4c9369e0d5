export { JaegerClient, JaegerQueryError } from './jaeger/jaeger-client';
export type { JaegerClientOptions } from './jaeger/jaeger-client';
export { flattenOtlpJson } from './jaeger/trace-span';
export type { TraceSpan } from './jaeger/trace-span';
export { decodeAnyValue, decodeAttributes } from './jaeger/otlp-json';
export type { AttributeValue, OtlpJsonTraces } from './jaeger/otlp-json';
export { renderTraceTree } from './jaeger/render-tree';
