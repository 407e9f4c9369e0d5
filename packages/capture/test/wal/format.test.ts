import {
  checkFrame,
  decodeCheckpoint,
  decodeMeta,
  encodeCheckpoint,
  isTempFile,
  parseSegmentName,
  readFrameHeader,
  RECORD_HEADER_BYTES,
  sealRecordCrc,
  segmentName,
  writeRecordHeader,
} from '../../src/wal/format';

function frameOf(payload: string, seq: number, flags = 0): Buffer {
  const body = Buffer.from(payload);
  const frame = Buffer.alloc(RECORD_HEADER_BYTES + body.length);
  writeRecordHeader(frame, body.length, seq, flags);
  body.copy(frame, RECORD_HEADER_BYTES);
  sealRecordCrc(frame, frame.length);
  return frame;
}

describe('WAL format', () => {
  it('names segments by their zero-padded first sequence and parses the names back', () => {
    expect(segmentName(1)).toBe('00000000000000000001.wal');
    expect(segmentName(2 ** 53 - 1)).toBe('00009007199254740991.wal');
    expect(parseSegmentName('00000000000000000042.wal')).toBe(42);
    expect(parseSegmentName('42.wal')).toBeUndefined();
    expect(parseSegmentName('00000000000000000042.wal.tmp')).toBeUndefined();
  });

  it('round-trips a record header, sequence numbers above 2^32 included', () => {
    const frame = frameOf('payload', 2 ** 40 + 7, 1);
    const header = readFrameHeader(frame, 0);
    expect(header).toEqual({ bodyLength: 7, crc: frame.readUInt32LE(4), seq: 2 ** 40 + 7, flags: 1 });
    expect(checkFrame(frame, 0, header)).toBeUndefined();
  });

  it('detects a flipped bit anywhere after the CRC field', () => {
    const frame = frameOf('some payload bytes', 9);
    for (let i = 8; i < frame.length; i++) {
      const copy = Buffer.from(frame);
      copy[i] ^= 0x10;
      expect(checkFrame(copy, 0, readFrameHeader(copy, 0))).toBeDefined();
    }
  });

  it('rejects unknown flags and non-zero reserved bytes even with a matching CRC', () => {
    expect(checkFrame(frameOf('x', 1, 0x02), 0, readFrameHeader(frameOf('x', 1, 0x02), 0))).toMatch(/unknown flags/);
    const frame = frameOf('x', 1);
    frame[18] = 1;
    sealRecordCrc(frame, frame.length);
    expect(checkFrame(frame, 0, readFrameHeader(frame, 0))).toMatch(/unknown flags/);
  });

  it('round-trips checkpoints and names what is wrong with a bad one', () => {
    expect(decodeCheckpoint(encodeCheckpoint(0))).toBe(0);
    expect(decodeCheckpoint(encodeCheckpoint(2 ** 45 + 3))).toBe(2 ** 45 + 3);
    const flipped = encodeCheckpoint(5);
    flipped[9] ^= 1;
    expect(decodeCheckpoint(flipped)).toBe('checkpoint crc mismatch');
    expect(decodeCheckpoint(Buffer.alloc(3))).toMatch(/3 bytes/);
    expect(decodeCheckpoint(Buffer.alloc(20))).toBe('checkpoint magic mismatch');
  });

  it('accepts only well-formed meta files', () => {
    expect(decodeMeta('{"format":"agent-otel-wal","version":1,"encryption":"none"}')).toMatchObject({ encryption: 'none' });
    expect(decodeMeta('{')).toMatch(/not valid JSON/);
    expect(decodeMeta('{"format":"other"}')).toMatch(/does not describe/);
    expect(decodeMeta('{"format":"agent-otel-wal","version":2,"encryption":"none"}')).toMatch(/version 2/);
    expect(decodeMeta('{"format":"agent-otel-wal","version":1,"encryption":"aes-256-gcm"}')).toMatch(/unknown encryption/);
  });

  it('recognizes the temp files of interrupted atomic writes', () => {
    expect(isTempFile('checkpoint.123.abcd.tmp')).toBe(true);
    expect(isTempFile('meta.json.1.ff.tmp')).toBe(true);
    expect(isTempFile('lock.77.0a0b.tmp')).toBe(true);
    expect(isTempFile('checkpoint')).toBe(false);
    expect(isTempFile('00000000000000000001.wal')).toBe(false);
  });
});
