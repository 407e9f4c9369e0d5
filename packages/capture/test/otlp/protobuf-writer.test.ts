import { ProtobufWriter } from '@opentelemetry/otlp-transformer/build/src/common/protobuf/protobuf-writer';
import { writeHrTimeAsFixed64 } from '@opentelemetry/otlp-transformer/build/src/common/protobuf/common-serializer';
import { ensureCapacity, finishMessage, ProtobufOutput, putDouble, putHrTimeFixed64, varintSize32, writeVarint } from '../../src/otlp/protobuf-writer';
import { EDGE_NUMBERS, Rng } from '../helpers/otlp-random';

function officialBytes(write: (writer: ProtobufWriter) => void): Buffer {
  const writer = new ProtobufWriter(16);
  write(writer);
  return Buffer.from(writer.finish());
}

describe('protobuf-writer', () => {
  it('writeVarint writes what the official ProtobufWriter writes, for any number', () => {
    const rng = new Rng(1);
    const values = [...EDGE_NUMBERS, 2 ** 35 + 0.5, -0.5, 1e300, -1e300];
    for (let i = 0; i < 2000; i++) values.push((rng.next() - 0.5) * 2 ** rng.int(70));
    const out = new ProtobufOutput(4);
    for (const value of values) {
      const end = writeVarint(out, 0, value);
      expect([value, out.buf.subarray(0, end).toString('hex')]).toEqual([value, officialBytes((w) => w.writeVarint(value)).toString('hex')]);
    }
  });

  it('putHrTimeFixed64 writes what the official serializer writes, nanoseconds little-endian', () => {
    const rng = new Rng(2);
    const times: Array<[number, number]> = [
      [0, 0],
      [1, 999_999_999],
      [2 ** 32, 5],
      [18_446_744_073, 709_551_615],
      [-1, 0],
      [1.5, 2.5],
    ];
    for (let i = 0; i < 2000; i++) times.push([rng.int(2 ** 34), rng.int(1_000_000_000)]);
    const buf = Buffer.alloc(8);
    for (const [seconds, nanos] of times) {
      putHrTimeFixed64(buf, 0, seconds, nanos);
      expect(buf.toString('hex')).toBe(officialBytes((w) => writeHrTimeAsFixed64(w, [seconds, nanos])).toString('hex'));
      if (Number.isInteger(seconds) && seconds >= 0 && seconds <= 18_446_744_073) {
        expect(buf.readBigUInt64LE(0)).toBe(BigInt.asUintN(64, BigInt(seconds) * 1_000_000_000n + BigInt(nanos)));
      }
    }
  });

  it('putDouble writes IEEE 754 little-endian, NaN payloads included', () => {
    const payloadNaN = new Float64Array(new Uint32Array([1, 0x7ff00000]).buffer)[0];
    const buf = Buffer.alloc(8);
    const expected = new DataView(new ArrayBuffer(8));
    for (const value of [...EDGE_NUMBERS, payloadNaN, -payloadNaN]) {
      putDouble(buf, 0, value);
      expected.setFloat64(0, value, true);
      expect(buf.equals(Buffer.from(expected.buffer))).toBe(true);
    }
  });

  it('varintSize32 matches the written length at every boundary', () => {
    for (const v of [0, 127, 128, 16383, 16384, 2 ** 21 - 1, 2 ** 21, 2 ** 28 - 1, 2 ** 28, 2 ** 32 - 1]) {
      expect(varintSize32(v)).toBe(writeVarint(new ProtobufOutput(1), 0, v));
    }
  });

  it('ensureCapacity keeps what was written when it grows, and reuses a buffer that is large enough', () => {
    const out = new ProtobufOutput(4);
    out.buf.set([1, 2, 3], 0);
    const same = ensureCapacity(out, 3, 1);
    expect(same).toBe(out.buf);
    const grown = ensureCapacity(out, 3, 100);
    expect(grown).toBe(out.buf);
    expect(grown.length).toBeGreaterThanOrEqual(103);
    expect([...grown.subarray(0, 3)]).toEqual([1, 2, 3]);
  });

  it('finishMessage moves the content down when the prefix is shorter than reserved', () => {
    const out = new ProtobufOutput(16);
    out.buf.set([0xaa, 0, 0, 7, 8, 9], 0); // tag, 2 reserved bytes, 3 content bytes
    const end = finishMessage(out, 1, 2, 6);
    expect([...out.buf.subarray(0, end)]).toEqual([0xaa, 3, 7, 8, 9]);
  });

  it('finishMessage moves the content up (growing the buffer) when the prefix needs more', () => {
    const out = new ProtobufOutput(131);
    out.buf[0] = 0xaa;
    for (let i = 0; i < 129; i++) out.buf[2 + i] = i;
    const end = finishMessage(out, 1, 1, 131);
    expect(end).toBe(132);
    expect([...out.buf.subarray(0, 3)]).toEqual([0xaa, 0x81, 0x01]);
    expect([...out.buf.subarray(3, end)]).toEqual(Array.from({ length: 129 }, (_, i) => i));
  });
});
