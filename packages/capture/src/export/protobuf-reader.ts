/** Protobuf wire types (https://protobuf.dev/programming-guides/encoding/). */
export const WireType = { VARINT: 0, I64: 1, LEN: 2, I32: 5 } as const;

/** Thrown when bytes are not well-formed protobuf: truncated, an overlong varint, an unknown wire type. */
export class ProtobufDecodeError extends Error {
  override readonly name = 'ProtobufDecodeError';
}

// ignoreBOM keeps a leading U+FEFF, which is part of the string, not a byte-order mark.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Reads protobuf wire format from a byte range, field by field. Only what the OTLP decoders of
 * this folder need: tags, varints (as numbers or bigints), fixed64, doubles, length-delimited
 * slices (views, not copies) and skipping unknown fields. Every read checks bounds and throws a
 * {@link ProtobufDecodeError} naming the offset, never reading past `end`.
 */
export class ProtobufReader {
  /** Offset of the next byte to read. */
  pos: number;

  /**
   * @param bytes the buffer.
   * @param start first byte of the message. Default 0.
   * @param end offset just past the message. Default `bytes.length`.
   */
  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  /** Whether bytes remain. */
  more(): boolean {
    return this.pos < this.end;
  }

  /** Reads a field tag; returns `[fieldNumber, wireType]`. */
  tag(): [number, number] {
    const key = this.varint();
    return [Math.floor(key / 8), key & 7];
  }

  /** Reads a varint of up to 53 significant bits as a number (tags, lengths, enums, counts). */
  varint(): number {
    let result = 0;
    let multiplier = 1;
    for (let i = 0; i < 10; i++) {
      const byte = this.byte();
      result += (byte & 0x7f) * multiplier;
      if (byte < 0x80) {
        if (result > Number.MAX_SAFE_INTEGER) this.fail('varint beyond 2^53 where a length or count was expected');
        return result;
      }
      multiplier *= 128;
    }
    return this.fail('varint longer than 10 bytes');
  }

  /** Reads a varint as a two's-complement int64 (`int_value`): a number when safe, else a bigint. */
  int64(): number | bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      const byte = this.byte();
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) {
        const signed = BigInt.asIntN(64, result);
        return signed >= BigInt(Number.MIN_SAFE_INTEGER) && signed <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(signed) : signed;
      }
      shift += 7n;
    }
    return this.fail('varint longer than 10 bytes');
  }

  /** Reads a little-endian fixed64 as an unsigned bigint (OTLP times in nanoseconds). */
  fixed64(): bigint {
    const at = this.take(8);
    return new DataView(this.bytes.buffer, this.bytes.byteOffset + at, 8).getBigUint64(0, true);
  }

  /** Reads a little-endian fixed32 as an unsigned number (OTLP span flags). */
  fixed32(): number {
    const at = this.take(4);
    return new DataView(this.bytes.buffer, this.bytes.byteOffset + at, 4).getUint32(0, true);
  }

  /** Reads a little-endian IEEE 754 double. */
  double(): number {
    const at = this.take(8);
    return new DataView(this.bytes.buffer, this.bytes.byteOffset + at, 8).getFloat64(0, true);
  }

  /** Reads a length-delimited field and returns its `[start, end)` offsets in `bytes`. */
  range(): [number, number] {
    const length = this.varint();
    const start = this.take(length);
    return [start, start + length];
  }

  /** Reads a length-delimited field as a view (no copy). */
  slice(): Uint8Array {
    const [start, end] = this.range();
    return this.bytes.subarray(start, end);
  }

  /** Reads a length-delimited field as UTF-8 text (invalid sequences become U+FFFD). */
  string(): string {
    return utf8.decode(this.slice());
  }

  /** Reads a length-delimited field as a reader over its bytes. */
  message(): ProtobufReader {
    const [start, end] = this.range();
    return new ProtobufReader(this.bytes, start, end);
  }

  /** Skips the value of a field of `wireType`. */
  skip(wireType: number): void {
    if (wireType === WireType.VARINT) this.varintSkip();
    else if (wireType === WireType.I64) this.take(8);
    else if (wireType === WireType.LEN) this.range();
    else if (wireType === WireType.I32) this.take(4);
    else this.fail(`unsupported wire type ${wireType}`);
  }

  private varintSkip(): void {
    for (let i = 0; i < 10; i++) if (this.byte() < 0x80) return;
    this.fail('varint longer than 10 bytes');
  }

  private byte(): number {
    if (this.pos >= this.end) this.fail('message truncated');
    return this.bytes[this.pos++]!; // pos < end ≤ bytes.length
  }

  /** Advances past `n` bytes and returns where they start. */
  private take(n: number): number {
    if (n > this.end - this.pos) this.fail(`field of ${n} bytes runs past the end of the message`);
    const at = this.pos;
    this.pos += n;
    return at;
  }

  private fail(what: string): never {
    throw new ProtobufDecodeError(`invalid protobuf at byte ${this.pos}: ${what}`);
  }
}
