import type { ReadableSpan } from '../sdk-trace-types';

/**
 * Turns finished spans into OTLP/protobuf `ExportTraceServiceRequest` bytes.
 *
 * Protobuf concatenation of two serialized messages is their merge, and `resource_spans` is a
 * repeated field, so the concatenation of several encoded requests is itself a valid request.
 * That is what lets a write-ahead-log record (one span, encoded alone) be sent as it is, or
 * batched with others by plain concatenation.
 */
export interface SpanEncoder {
  /**
   * Encodes `spans` as one request, grouped by resource and instrumentation scope exactly as
   * `ProtobufTraceSerializer.serializeRequest` from `@opentelemetry/otlp-transformer` groups them;
   * the bytes are identical to that serializer's. The returned view may share a reused internal
   * buffer: it is valid until the next call on the same encoder, so copy it to keep it.
   */
  encode(spans: readonly ReadableSpan[]): Uint8Array;
}
