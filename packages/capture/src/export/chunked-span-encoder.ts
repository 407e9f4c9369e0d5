import type { ReadableSpan } from '../sdk-trace-types';
import type { SpanEncoder } from '../otlp/span-encoder';

/**
 * Encodes groups of spans (one group per request: a batch, or a tenant's part of it) with a bound
 * on the work done in one synchronous step: at most `chunkSize` spans are encoded between two
 * yields to the event loop, whether they come from one large group or many small ones. A group
 * larger than `chunkSize` is encoded chunk by chunk and the chunks, each a complete
 * `ExportTraceServiceRequest`, are concatenated (concatenated requests are one valid request).
 * The first step runs synchronously, inside the caller's `export()`.
 */
export class ChunkedSpanEncoder {
  /**
   * @param _encoder turns spans into request bytes; it may reuse its buffer, so every result is copied.
   * @param chunkSize most spans per synchronous step, an integer >= 1 (checked by the exporter's options).
   */
  constructor(
    private readonly _encoder: SpanEncoder,
    readonly chunkSize: number,
  ) {}

  /** The request bytes of each group, in order, keyed as given. Rejects with the encoder's error. */
  async encode<K>(groups: Iterable<readonly [K, readonly ReadableSpan[]]>): Promise<[K, Uint8Array][]> {
    const chunk = this.chunkSize;
    const requests: [K, Uint8Array][] = [];
    let sinceYield = 0;
    for (const [key, spans] of groups) {
      if (spans.length <= chunk) {
        if (sinceYield > 0 && sinceYield + spans.length > chunk) sinceYield = await yieldToEventLoop();
        requests.push([key, Buffer.from(this._encoder.encode(spans))]);
        sinceYield += spans.length;
        continue;
      }
      const request = new GrowingBuffer();
      for (let i = 0; i < spans.length; i += chunk) {
        if (sinceYield > 0) sinceYield = await yieldToEventLoop();
        const part = spans.slice(i, i + chunk);
        // Sized from the first chunk, so the chunks are usually copied once, straight into place.
        request.append(this._encoder.encode(part), i === 0 ? Math.ceil(spans.length / part.length) : 1);
        sinceYield += part.length;
      }
      requests.push([key, request.bytes()]);
    }
    return requests;
  }
}

/** A macrotask yield, so timers and I/O run between two encoding steps; resolves with 0 (spans since the yield). */
function yieldToEventLoop(): Promise<0> {
  return new Promise((resolve) => setImmediate(() => resolve(0)));
}

/** Bytes appended chunk by chunk into one buffer, grown when needed. */
class GrowingBuffer {
  private _buffer = Buffer.allocUnsafe(0);
  private _length = 0;

  /** Copies `bytes` to the end; when it must grow, makes room for `expectedParts` chunks of this size (at least double). */
  append(bytes: Uint8Array, expectedParts: number): void {
    const needed = this._length + bytes.length;
    if (needed > this._buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this._length + bytes.length * expectedParts, this._buffer.length * 2));
      this._buffer.copy(grown, 0, 0, this._length);
      this._buffer = grown;
    }
    this._buffer.set(bytes, this._length);
    this._length = needed;
  }

  /** The bytes appended so far (a view of the buffer). */
  bytes(): Uint8Array {
    return this._buffer.subarray(0, this._length);
  }
}
