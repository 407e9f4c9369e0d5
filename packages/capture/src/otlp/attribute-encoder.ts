import { ensureCapacity, finishMessage, putBytes, putDouble, putVarint32, varintSize32, writeVarint, type ProtobufOutput } from './protobuf-writer';
import { putUtf8, utf8Bytes, writeString } from './string-writer';

/**
 * Attributes as repeated `KeyValue` and values as `AnyValue`, with the official serializer's rules:
 * own enumerable keys in `for...in` order; strings, booleans, numbers (int64 `int_value` when
 * `Number.isInteger` and within [-2^63, 2^63), else `double_value`), `Uint8Array` as bytes, arrays
 * (any element types, nested) and other objects as `kvlist_value`; any other value (null, undefined,
 * bigint, function, symbol) as an empty `AnyValue`.
 */

const hasOwnProperty = Object.prototype.hasOwnProperty;
const MIN_INT64 = -(2 ** 63);
const MAX_INT64_EXCLUSIVE = 2 ** 63;

/**
 * Encoded `KeyValue.key` fields (tag, length, UTF-8), by key. Attribute keys come from a small,
 * mostly fixed vocabulary; a cache holding `maxEntries` keys is cleared before it takes another.
 */
export class KeyCache {
  private readonly entries = new Map<string, Uint8Array>();

  /** @param maxEntries how many keys to keep before starting over. */
  constructor(private readonly maxEntries: number) {}

  /** The encoded key field (`0x0a`, length, UTF-8 bytes) of `key`. */
  get(key: string): Uint8Array {
    let encoded = this.entries.get(key);
    if (encoded === undefined) {
      encoded = encodeKeyField(key);
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, encoded);
    }
    return encoded;
  }

  /** How many keys are cached. */
  get size(): number {
    return this.entries.size;
  }
}

function encodeKeyField(key: string): Uint8Array {
  const utf8 = utf8Bytes(key);
  const out = new Uint8Array(1 + varintSize32(utf8.length) + utf8.length);
  out[0] = 0x0a;
  out.set(utf8, putVarint32(out, 1, utf8.length));
  return out;
}

/**
 * Writes every own attribute of `attributes` as a `KeyValue` field with the single-byte `tag`
 * (field number and wire type 2) at `pos`; returns the new position.
 */
export function writeAttributes(out: ProtobufOutput, pos: number, attributes: object, tag: number, keys: KeyCache): number {
  for (const key in attributes) {
    if (!hasOwnProperty.call(attributes, key)) continue;
    const value = (attributes as Record<string, unknown>)[key];
    const keyField = keys.get(key);
    if (typeof value === 'string') {
      pos = writeStringKeyValue(out, pos, tag, keyField, value);
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      pos = writeScalarKeyValue(out, pos, tag, keyField, value, keys);
    } else {
      pos = writeOtherKeyValue(out, pos, tag, keyField, value, keys);
    }
  }
  return pos;
}

/**
 * A `KeyValue` with a string value. The three length prefixes (KeyValue, AnyValue, string) are
 * sized for the string's UTF-16 length, which is its UTF-8 length when it is ASCII (UTF-8 is never
 * shorter); when the real length needs longer prefixes, the bytes move up once.
 */
function writeStringKeyValue(out: ProtobufOutput, pos: number, tag: number, keyField: Uint8Array, str: string): number {
  const keyLength = keyField.length;
  const n = str.length;
  const guess = stringKeyValueHeader(keyLength, n);
  const buf = ensureCapacity(out, pos, stringKeyValueHeader(keyLength, 3 * n) + 3 * n);
  const written = putUtf8(buf, pos + guess, str);
  const header = written === n ? guess : stringKeyValueHeader(keyLength, written);
  if (header !== guess) buf.copyWithin(pos + header, pos + guess, pos + guess + written);
  const valueLength = 1 + varintSize32(written) + written;
  buf[pos] = tag;
  let p = putVarint32(buf, pos + 1, keyLength + 1 + varintSize32(valueLength) + valueLength);
  p = putBytes(buf, p, keyField);
  buf[p] = 0x12;
  p = putVarint32(buf, p + 1, valueLength);
  buf[p] = 0x0a;
  putVarint32(buf, p + 1, written);
  return pos + header + written;
}

/** Bytes before the string in a string `KeyValue` field whose string takes `length` bytes. */
function stringKeyValueHeader(keyLength: number, length: number): number {
  const valueLength = 1 + varintSize32(length) + length;
  const pairLength = keyLength + 1 + varintSize32(valueLength) + valueLength;
  return 1 + varintSize32(pairLength) + pairLength - length;
}

/**
 * A `KeyValue` with a number or boolean value. Its `AnyValue` takes at most 11 bytes, so with a key
 * field under 100 bytes both length prefixes take one byte.
 */
function writeScalarKeyValue(out: ProtobufOutput, pos: number, tag: number, keyField: Uint8Array, value: number | boolean, keys: KeyCache): number {
  const keyLength = keyField.length;
  if (keyLength >= 100) return writeOtherKeyValue(out, pos, tag, keyField, value, keys);
  let buf = ensureCapacity(out, pos, keyLength + 15);
  buf[pos] = tag;
  const valueLengthPos = putBytes(buf, pos + 2, keyField) + 1;
  buf[valueLengthPos - 1] = 0x12;
  const end = writeAnyValueContent(out, valueLengthPos + 1, value, keys);
  buf = out.buf;
  buf[valueLengthPos] = end - valueLengthPos - 1;
  buf[pos + 1] = end - pos - 2;
  return end;
}

/** A `KeyValue` with any non-string value: prefixes reserved as one byte and fixed if longer. */
function writeOtherKeyValue(out: ProtobufOutput, pos: number, tag: number, keyField: Uint8Array, value: unknown, keys: KeyCache): number {
  const buf = ensureCapacity(out, pos, 4 + keyField.length);
  buf[pos] = tag;
  const pairStart = pos + 1;
  let p = putBytes(buf, pairStart + 1, keyField);
  buf[p] = 0x12;
  const valueStart = p + 1;
  p = writeAnyValueContent(out, valueStart + 1, value, keys);
  p = finishMessage(out, valueStart, 1, p);
  return finishMessage(out, pairStart, 1, p);
}

/** Writes the fields of an `AnyValue` message (no tag or length) for `value` at `pos`. */
function writeAnyValueContent(out: ProtobufOutput, pos: number, value: unknown, keys: KeyCache): number {
  const t = typeof value;
  if (t === 'string') {
    ensureCapacity(out, pos, 1)[pos] = 0x0a;
    return writeString(out, pos + 1, value as string);
  }
  if (t === 'boolean') {
    const buf = ensureCapacity(out, pos, 2);
    buf[pos] = 0x10;
    buf[pos + 1] = value ? 1 : 0;
    return pos + 2;
  }
  if (t === 'number') {
    const n = value as number;
    const buf = ensureCapacity(out, pos, 11);
    if (Number.isInteger(n) && n >= MIN_INT64 && n < MAX_INT64_EXCLUSIVE) {
      buf[pos] = 0x18;
      return writeVarint(out, pos + 1, n);
    }
    buf[pos] = 0x21;
    return putDouble(buf, pos + 1, n);
  }
  if (value instanceof Uint8Array) {
    const buf = ensureCapacity(out, pos, 6 + value.length);
    buf[pos] = 0x3a;
    return putBytes(buf, putVarint32(buf, pos + 1, value.length), value);
  }
  if (Array.isArray(value)) {
    ensureCapacity(out, pos, 2)[pos] = 0x2a;
    const lengthPos = pos + 1;
    let p = lengthPos + 1;
    for (let i = 0; i < value.length; i++) {
      ensureCapacity(out, p, 2)[p] = 0x0a;
      const itemStart = p + 1;
      p = writeAnyValueContent(out, itemStart + 1, value[i], keys);
      p = finishMessage(out, itemStart, 1, p);
    }
    return finishMessage(out, lengthPos, 1, p);
  }
  if (t === 'object' && value !== null) {
    ensureCapacity(out, pos, 2)[pos] = 0x32;
    const lengthPos = pos + 1;
    const p = writeAttributes(out, lengthPos + 1, value as object, 0x0a, keys);
    return finishMessage(out, lengthPos, 1, p);
  }
  return pos;
}
