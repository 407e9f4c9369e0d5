import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { SpanEncoder } from '../../src/otlp/span-encoder';

/** The official OTLP protobuf serializer behind the `SpanEncoder` interface: the reference bytes. */
export function createSerializerEncoder(): SpanEncoder {
  return {
    encode(spans: readonly ReadableSpan[]): Uint8Array {
      return ProtobufTraceSerializer.serializeRequest(spans as ReadableSpan[]) ?? new Uint8Array(0);
    },
  };
}
