/** Reads and damages WAL files the way crashes and bad disks do. */
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFrameHeader, RECORD_HEADER_BYTES, sealRecordCrc } from '../../src/wal/format';

/** Segment file names of `dir`, oldest first. */
export function segmentFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.wal'))
    .sort();
}

/** Offsets and sequence numbers of the frames in a segment (assumes it is valid). */
export function frames(path: string): { offset: number; seq: number; bytes: number }[] {
  const data = readFileSync(path);
  const out: { offset: number; seq: number; bytes: number }[] = [];
  for (let offset = 0; offset + RECORD_HEADER_BYTES <= data.length;) {
    const header = readFrameHeader(data, offset);
    const bytes = RECORD_HEADER_BYTES + header.bodyLength;
    out.push({ offset, seq: header.seq, bytes });
    offset += bytes;
  }
  return out;
}

/** Inverts one byte of a file. */
export function flipByte(path: string, offset: number): void {
  const data = readFileSync(path);
  data[offset] ^= 0xff;
  writeFileSync(path, data);
}

/** Inverts one byte and recomputes the frame's CRC, so only a deeper check can notice. */
export function flipByteKeepCrc(path: string, frameOffset: number, byteOffset: number): void {
  const data = readFileSync(path);
  data[byteOffset] ^= 0xff;
  writeFileSync(path, data);
  resealFrame(path, frameOffset);
}

/** Recomputes the CRC of the frame at `frameOffset` after its bytes were changed. */
export function resealFrame(path: string, frameOffset: number): void {
  const data = readFileSync(path);
  const header = readFrameHeader(data, frameOffset);
  sealRecordCrc(data.subarray(frameOffset), RECORD_HEADER_BYTES + header.bodyLength);
  writeFileSync(path, data);
}

/** Appends raw bytes to a file (a torn write, a zero-filled tail). */
export function appendRaw(path: string, bytes: Uint8Array): void {
  appendFileSync(path, bytes);
}
