import { ProtobufDecodeError, ProtobufReader, WireType } from '../../src/export/protobuf-reader';

const reader = (...bytes: number[]) => new ProtobufReader(Uint8Array.from(bytes));

describe('ProtobufReader', () => {
  it('reads tags and varints', () => {
    const r = reader(0x08, 0x96, 0x01);
    expect(r.tag()).toEqual([1, WireType.VARINT]);
    expect(r.varint()).toBe(150);
    expect(r.more()).toBe(false);
  });

  it('reads int64 two’s complement: negatives, and bigints beyond 2^53', () => {
    expect(reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).int64()).toBe(-1);
    expect(reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01).int64()).toBe(-(2n ** 63n));
    expect(reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10).int64()).toBe(2n ** 53n);
  });

  it('reads fixed32, fixed64 and doubles little-endian', () => {
    expect(reader(0x01, 0x01, 0x00, 0x00).fixed32()).toBe(257);
    expect(reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff).fixed64()).toBe(2n ** 64n - 1n);
    const d = Buffer.alloc(8);
    d.writeDoubleLE(-0.5);
    expect(new ProtobufReader(d).double()).toBe(-0.5);
  });

  it('reads strings (keeping a leading U+FEFF) and sub-messages as views', () => {
    const text = Buffer.from('\uFEFFhé', 'utf8');
    const r = new ProtobufReader(Uint8Array.from([text.length, ...text, 0x02, 0x08, 0x01]));
    expect(r.string()).toBe('\uFEFFhé');
    const sub = r.message();
    expect(sub.tag()).toEqual([1, WireType.VARINT]);
    expect(sub.varint()).toBe(1);
    expect(sub.more()).toBe(false);
  });

  it('skips every wire type it knows', () => {
    const r = reader(0x96, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 0x02, 0xaa, 0xbb, 1, 2, 3, 4, 0x2a);
    r.skip(WireType.VARINT);
    r.skip(WireType.I64);
    r.skip(WireType.LEN);
    r.skip(WireType.I32);
    expect(r.varint()).toBe(42);
  });

  it.each([
    ['a truncated varint', () => reader(0x96).varint()],
    ['a fixed64 past the end', () => reader(1, 2, 3).fixed64()],
    ['a length past the end', () => reader(0x05, 0x01).slice()],
    ['a varint length beyond 2^53', () => reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f).varint()],
    ['an unknown wire type', () => reader().skip(6)],
  ])('throws a ProtobufDecodeError for %s', (_name, read) => {
    expect(read).toThrow(ProtobufDecodeError);
  });

  it('never reads past the end it is given, even inside a larger buffer', () => {
    const r = new ProtobufReader(Uint8Array.from([0x08, 0x01, 0x08, 0x02]), 0, 2);
    r.tag();
    r.varint();
    expect(r.more()).toBe(false);
    expect(() => r.tag()).toThrow(/message truncated/);
  });
});
