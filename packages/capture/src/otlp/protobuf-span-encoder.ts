import type { ReadableSpan } from '../sdk-trace-types';
import { KeyCache } from './attribute-encoder';
import { ensureCapacity, finishMessage, ProtobufOutput, putBytes, varintSize32 } from './protobuf-writer';
import { ResourceScopeCache, type SpanResource, type SpanScope } from './resource-scope-cache';
import type { SpanEncoder } from './span-encoder';
import { writeSpan } from './span-message-encoder';

/** Options of {@link ProtobufSpanEncoder}. */
export interface ProtobufSpanEncoderOptions {
  /** Initial size in bytes of the reused output buffer; it doubles when a request needs more. Default 65536. */
  initialBufferSize?: number;
  /**
   * A buffer that grew beyond this many bytes is dropped at the start of the next call (and a new one
   * of `initialBufferSize` allocated), so one huge batch does not pin its memory. Must be at least
   * `initialBufferSize`. Default 16777216 (16 MiB).
   */
  maxRetainedBufferSize?: number;
  /** How many encoded attribute keys to cache; the cache starts over when full. Default 4096. */
  maxCachedKeys?: number;
}

const DEFAULT_INITIAL_BUFFER_SIZE = 64 * 1024;
const DEFAULT_MAX_RETAINED_BUFFER_SIZE = 16 * 1024 * 1024;
const DEFAULT_MAX_CACHED_KEYS = 4096;
/** Starting guess of the encoded size of a span, used to size the group length prefixes. */
const INITIAL_BYTES_PER_SPAN = 1024;

/**
 * Encodes spans as OTLP/protobuf `ExportTraceServiceRequest` bytes identical to
 * `ProtobufTraceSerializer.serializeRequest` from `@opentelemetry/otlp-transformer` 0.223, in one
 * pass over a reused buffer.
 *
 * The returned view shares that buffer: it is valid until the next `encode` call on the same
 * encoder, so copy it (`Uint8Array.prototype.slice`) to keep it. Not safe to share between
 * concurrent users of the view; give each consumer its own encoder.
 *
 * `encode` throws only where the official serializer throws too (an object that is not a
 * `ReadableSpan`, e.g. without `spanContext()` or times); the encoder stays usable afterwards.
 */
export class ProtobufSpanEncoder implements SpanEncoder {
  private readonly initialBufferSize: number;
  private readonly maxRetainedBufferSize: number;
  private readonly out: ProtobufOutput;
  private readonly keys: KeyCache;
  private readonly headers: ResourceScopeCache;
  private bytesPerSpan = INITIAL_BYTES_PER_SPAN;

  /** @throws RangeError when an option is not a positive integer or the sizes contradict. */
  constructor(options: ProtobufSpanEncoderOptions = {}) {
    this.initialBufferSize = positiveInteger('initialBufferSize', options.initialBufferSize ?? DEFAULT_INITIAL_BUFFER_SIZE);
    this.maxRetainedBufferSize = positiveInteger('maxRetainedBufferSize', options.maxRetainedBufferSize ?? DEFAULT_MAX_RETAINED_BUFFER_SIZE);
    if (this.maxRetainedBufferSize < this.initialBufferSize) {
      throw new RangeError(`maxRetainedBufferSize (${this.maxRetainedBufferSize}) must be at least initialBufferSize (${this.initialBufferSize})`);
    }
    this.keys = new KeyCache(positiveInteger('maxCachedKeys', options.maxCachedKeys ?? DEFAULT_MAX_CACHED_KEYS));
    this.out = new ProtobufOutput(this.initialBufferSize);
    this.headers = new ResourceScopeCache(this.keys);
  }

  /** Size in bytes of the output buffer currently held (grows with the largest recent request). */
  get bufferSize(): number {
    return this.out.buf.length;
  }

  /** {@inheritDoc SpanEncoder.encode} */
  encode(spans: readonly ReadableSpan[]): Uint8Array {
    const out = this.out;
    if (out.buf.length > this.maxRetainedBufferSize) out.buf = Buffer.allocUnsafeSlow(this.initialBufferSize);
    const count = spans.length;
    const first = spans[0];
    if (first === undefined) return new Uint8Array(0);
    const resource = first.resource;
    const scope = first.instrumentationScope;
    let oneGroup = true;
    for (let i = 1; i < count; i++) {
      const span = spans[i]!; // i < count
      if (span.resource !== resource || span.instrumentationScope !== scope) {
        oneGroup = false;
        break;
      }
    }
    let pos = 0;
    if (oneGroup) {
      pos = this.writeResourceSpans(pos, resource, [spans], count);
    } else {
      for (const [groupResource, scopes] of groupByResourceAndScope(spans)) {
        pos = this.writeResourceSpans(pos, groupResource, scopes.values(), spanCount(scopes));
      }
    }
    const buf = out.buf;
    return new Uint8Array(buf.buffer, buf.byteOffset, pos);
  }

  private writeResourceSpans(pos: number, resource: SpanResource, scopeGroups: Iterable<readonly ReadableSpan[]>, count: number): number {
    const out = this.out;
    const fields = this.headers.resource(resource);
    const reserved = varintSize32(fields.head.length + count * this.bytesPerSpan);
    const buf = ensureCapacity(out, pos, 1 + reserved + fields.head.length);
    buf[pos] = 0x0a;
    let p = putBytes(buf, pos + 1 + reserved, fields.head);
    for (const spans of scopeGroups) p = this.writeScopeSpans(p, spans[0]!.instrumentationScope, spans); // groups are never empty
    p = putBytes(ensureCapacity(out, p, fields.tail.length), p, fields.tail);
    return finishMessage(out, pos + 1, reserved, p);
  }

  private writeScopeSpans(pos: number, scope: SpanScope, spans: readonly ReadableSpan[]): number {
    const out = this.out;
    const keys = this.keys;
    const fields = this.headers.scope(scope);
    const reserved = varintSize32(fields.head.length + spans.length * this.bytesPerSpan);
    const buf = ensureCapacity(out, pos, 1 + reserved + fields.head.length);
    buf[pos] = 0x12;
    const spansStart = putBytes(buf, pos + 1 + reserved, fields.head);
    let p = spansStart;
    for (let i = 0; i < spans.length; i++) p = writeSpan(out, p, spans[i]!, keys);
    this.bytesPerSpan = Math.ceil((p - spansStart) / spans.length);
    p = putBytes(ensureCapacity(out, p, fields.tail.length), p, fields.tail);
    return finishMessage(out, pos + 1, reserved, p);
  }
}

/** Creates a {@link ProtobufSpanEncoder}; see {@link ProtobufSpanEncoderOptions} for the defaults. */
export function createProtobufSpanEncoder(options?: ProtobufSpanEncoderOptions): SpanEncoder {
  return new ProtobufSpanEncoder(options);
}

/** Groups by resource, then scope, both by identity and in first-seen order, as the official serializer does. */
function groupByResourceAndScope(spans: readonly ReadableSpan[]): Map<SpanResource, Map<SpanScope, ReadableSpan[]>> {
  const resources = new Map<SpanResource, Map<SpanScope, ReadableSpan[]>>();
  for (const span of spans) {
    let scopes = resources.get(span.resource);
    if (!scopes) {
      scopes = new Map();
      resources.set(span.resource, scopes);
    }
    const group = scopes.get(span.instrumentationScope);
    if (group) group.push(span);
    else scopes.set(span.instrumentationScope, [span]);
  }
  return resources;
}

function spanCount(scopes: Map<SpanScope, ReadableSpan[]>): number {
  let count = 0;
  for (const group of scopes.values()) count += group.length;
  return count;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}
