import { ensureCapacity, putVarint32, varintSize32, type ProtobufOutput } from './protobuf-writer';

/**
 * UTF-8 string writing for the protobuf encoder.
 *
 * Short strings go through an inline ASCII loop (a native call costs more than copying a few dozen
 * characters); longer or non-ASCII strings through Node's native UTF-8 writer. Both replace lone
 * surrogates with U+FFFD (EF BF BD), as `TextEncoder` in the official serializer does.
 *
 * Capacity is reserved from the upper bound of 3 bytes per UTF-16 unit; a length prefix is sized
 * for the UTF-16 length and the bytes move once with `copyWithin` when the real length needs more.
 */

/** Strings shorter than this are written by the inline ASCII loop: 3 × 42 < 128, one prefix byte. */
export const SHORT_STRING_LENGTH = 43;

type Utf8Write = (this: Buffer, str: string, offset: number, length: number) => number;

// `utf8Write` is Node's internal fast path behind `buf.write(str, offset, length, 'utf8')`; it skips
// that method's argument parsing. Fall back to the public method where it is missing.
const nativeUtf8Write: Utf8Write =
  (Buffer.prototype as unknown as { utf8Write?: Utf8Write }).utf8Write ??
  function (this: Buffer, str: string, offset: number, length: number): number {
    return this.write(str, offset, length, 'utf8');
  };

/**
 * Writes the UTF-8 bytes of `str` at `pos`, where at least `3 * str.length` bytes of capacity are
 * ensured; returns the number of bytes written.
 */
export function putUtf8(buf: Buffer, pos: number, str: string): number {
  const n = str.length;
  if (n < SHORT_STRING_LENGTH) {
    for (let i = 0; i < n; i++) {
      const c = str.charCodeAt(i);
      if (c >= 0x80) return nativeUtf8Write.call(buf, str, pos, n * 3);
      buf[pos + i] = c;
    }
    return n;
  }
  return nativeUtf8Write.call(buf, str, pos, n * 3);
}

/**
 * Writes `str` as a length-delimited protobuf string (prefix and bytes, no tag) at `pos`. The prefix
 * is sized for the UTF-16 length (the UTF-8 length of ASCII); the bytes move up once when the real
 * length needs a longer prefix.
 */
export function writeString(out: ProtobufOutput, pos: number, str: string): number {
  const n = str.length;
  const guess = varintSize32(n);
  const buf = ensureCapacity(out, pos, varintSize32(3 * n) + 3 * n);
  const written = putUtf8(buf, pos + guess, str);
  const size = written === n ? guess : varintSize32(written);
  if (size !== guess) buf.copyWithin(pos + size, pos + guess, pos + guess + written);
  putVarint32(buf, pos, written);
  return pos + size + written;
}

/** The UTF-8 bytes of `str`, with lone surrogates replaced as {@link putUtf8} does. */
export function utf8Bytes(str: string): Uint8Array {
  return Buffer.from(str, 'utf8');
}
