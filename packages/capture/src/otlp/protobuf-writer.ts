/**
 * Low-level protobuf writing on a growable, reused byte buffer.
 *
 * Every function takes the output and the current write position and returns the new position, so
 * callers keep the position in a local. Any function that may write past the current end first calls
 * {@link ensureCapacity}, which may replace `out.buf`: re-read the buffer after calling one.
 *
 * Varints follow `ProtobufWriter` from `@opentelemetry/otlp-transformer` exactly, including its
 * handling of values outside the uint32 range (64-bit two's complement, 10 bytes when negative).
 */

/** A growable output buffer. `buf` is replaced (contents up to the write position kept) when it grows. */
export class ProtobufOutput {
  /** The current buffer; only bytes below the caller's write position are meaningful. */
  buf: Buffer;

  constructor(initialSize: number) {
    this.buf = Buffer.allocUnsafeSlow(initialSize);
  }
}

/** Makes room for `n` more bytes after `pos` and returns the (possibly new) buffer. */
export function ensureCapacity(out: ProtobufOutput, pos: number, n: number): Buffer {
  const buf = out.buf;
  if (pos + n <= buf.length) return buf;
  return grow(out, pos, pos + n);
}

function grow(out: ProtobufOutput, used: number, needed: number): Buffer {
  let size = out.buf.length * 2;
  while (size < needed) size *= 2;
  const next = Buffer.allocUnsafeSlow(size);
  out.buf.copy(next, 0, 0, used);
  out.buf = next;
  return next;
}

/** Bytes taken by `v` (a uint32) as a varint. */
export function varintSize32(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

/** Writes the uint32 `v` as a varint at `pos` (capacity already ensured); returns the new position. */
export function putVarint32(buf: Uint8Array, pos: number, v: number): number {
  while (v > 0x7f) {
    buf[pos++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[pos++] = v;
  return pos;
}

/**
 * Writes any JS number as a varint exactly as the official `ProtobufWriter.writeVarint` does:
 * values in [0, 2^32) as uint32, others as 64-bit two's complement (so negatives take 10 bytes).
 */
export function writeVarint(out: ProtobufOutput, pos: number, value: number): number {
  const buf = ensureCapacity(out, pos, 10);
  if (value >= 0 && value <= 0xffffffff) return putVarint32(buf, pos, value >>> 0);
  let low: number;
  let high: number;
  if (value >= 0) {
    low = value >>> 0;
    high = (value / 0x100000000) >>> 0;
  } else {
    const abs = Math.abs(value);
    low = ~(abs >>> 0) >>> 0;
    high = ~((abs / 0x100000000) >>> 0) >>> 0;
    low = (low + 1) >>> 0;
    if (low === 0) high = (high + 1) >>> 0;
  }
  while (high > 0 || low > 0x7f) {
    buf[pos++] = (low & 0x7f) | 0x80;
    low = ((low >>> 7) | (high << 25)) >>> 0;
    high >>>= 7;
  }
  buf[pos++] = low & 0x7f;
  return pos;
}

/** Writes a little-endian fixed32 at `pos` (capacity already ensured). */
export function putFixed32(buf: Uint8Array, pos: number, v: number): number {
  buf[pos] = v & 0xff;
  buf[pos + 1] = (v >>> 8) & 0xff;
  buf[pos + 2] = (v >>> 16) & 0xff;
  buf[pos + 3] = (v >>> 24) & 0xff;
  return pos + 4;
}

/**
 * Writes an HrTime `[seconds, nanos]` as fixed64 nanoseconds at `pos` (capacity already ensured),
 * with the same 16-bit split arithmetic as the official serializer so that every input, even a
 * non-integer or out-of-range one, gives the same bytes.
 */
export function putHrTimeFixed64(buf: Buffer, pos: number, seconds: number, nanos: number): number {
  const lowerSeconds = seconds & 0xffff;
  const upperSeconds = (seconds / 0x10000) >>> 0;
  const lowerNanos = lowerSeconds * 1_000_000_000;
  const upperNanos = upperSeconds * 1_000_000_000;
  const low32WithCarry = (lowerNanos >>> 0) + (((upperNanos & 0xffff) * 0x10000) >>> 0) + nanos;
  const low = low32WithCarry >>> 0;
  const carry = Math.floor(low32WithCarry / 0x100000000);
  const high = (Math.floor(lowerNanos / 0x100000000) + ((upperNanos / 0x10000) >>> 0) + carry) >>> 0;
  putFixed32(buf, pos, low);
  return putFixed32(buf, pos + 4, high);
}

const float64 = new Float64Array(1);
const float64Bytes = new Uint8Array(float64.buffer);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Writes a little-endian IEEE 754 double at `pos` (capacity already ensured). */
export function putDouble(buf: Buffer, pos: number, value: number): number {
  float64[0] = value;
  if (littleEndian) {
    for (let i = 0; i < 8; i++) buf[pos + i] = float64Bytes[i]!;
  } else {
    for (let i = 0; i < 8; i++) buf[pos + i] = float64Bytes[7 - i]!;
  }
  return pos + 8;
}

/**
 * Closes a length-delimited message whose length prefix was reserved as `reserved` bytes at
 * `lengthPos` and whose content ends at `end`: moves the content once if the real length needs a
 * different number of bytes, writes the prefix, and returns the new end.
 */
export function finishMessage(out: ProtobufOutput, lengthPos: number, reserved: number, end: number): number {
  const length = end - lengthPos - reserved;
  const size = varintSize32(length);
  let buf = out.buf;
  if (size !== reserved) {
    if (size > reserved) buf = ensureCapacity(out, end, size - reserved);
    buf.copyWithin(lengthPos + size, lengthPos + reserved, end);
    end += size - reserved;
  }
  putVarint32(buf, lengthPos, length);
  return end;
}

/** Copies `bytes` to `pos` (capacity already ensured); short runs by loop, long ones natively. */
export function putBytes(buf: Buffer, pos: number, bytes: Uint8Array): number {
  const n = bytes.length;
  if (n < 32) {
    for (let i = 0; i < n; i++) buf[pos + i] = bytes[i]!;
  } else {
    buf.set(bytes, pos);
  }
  return pos + n;
}
