/**
 * Sequential, verifying reader of one segment file. Used by recovery, by `pending()` and by the
 * read-only inspection; it never writes.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { WalCorruptionError } from './errors';
import { checkFrame, FLAG_ENCRYPTED, MAX_BODY_BYTES, parseSegmentName, readFrameHeader, recordAad, RECORD_HEADER_BYTES } from './format';
import type { RecordCipher } from './record-cipher';

const READ_CHUNK_BYTES = 1 << 20;

/** One verified record. `payload` is only valid until the next call to `next()` unless copied. */
export interface ReadRecord {
  seq: number;
  /** Byte offset of the frame in the segment. */
  offset: number;
  /** Frame bytes (header + body). */
  frameBytes: number;
  /** The plain payload (decrypted when the reader has a cipher and the WAL is encrypted). */
  payload: Buffer;
}

/** How a reader treats encrypted bodies. */
export interface SegmentReaderOptions {
  /** Whether the WAL's meta says its records are encrypted; undefined accepts both (meta lost). */
  encrypted: boolean | undefined;
  /** With a cipher, every encrypted record is authenticated and decrypted; without, only CRC-checked. */
  cipher?: RecordCipher;
  /** Stop reading at this offset (default: the file size when opened). */
  end?: number;
  /** First sequence of the next segment: a record at or beyond it is invalid (default: no bound). */
  beforeSeq?: number;
}

/** Reads the records of a segment in order, stopping at the end or at the first invalid record. */
export class SegmentReader {
  /** Segment file name. */
  readonly name: string;
  /** Bytes of the file (or `end`) when the reader was opened. */
  readonly fileBytes: number;
  /** Offset just past the last valid record read so far. */
  validBytes = 0;
  /** Valid records read so far. */
  records = 0;
  firstSeq: number | undefined;
  lastSeq: number | undefined;
  /** Whether the valid records read so far are encrypted (undefined before the first). */
  encryptedRecords: boolean | undefined;
  /** Set when reading stopped at an invalid record. */
  corruption: WalCorruptionError | undefined;

  private readonly fd: number;
  private readonly options: SegmentReaderOptions;
  private expectedSeq: number;
  private buf = Buffer.allocUnsafe(READ_CHUNK_BYTES);
  private bufStart = 0;
  private bufLength = 0;
  private closed = false;

  constructor(dir: string, name: string, options: SegmentReaderOptions) {
    this.name = name;
    this.options = options;
    this.expectedSeq = parseSegmentName(name) ?? 0;
    this.fd = openSync(join(dir, name), 'r');
    this.fileBytes = Math.min(fstatSync(this.fd).size, options.end ?? Number.MAX_SAFE_INTEGER);
  }

  /** The next valid record, or undefined at the end of the segment or at an invalid record. */
  next(): ReadRecord | undefined {
    if (this.corruption || this.closed) return undefined;
    const offset = this.validBytes;
    const left = this.fileBytes - offset;
    if (left === 0) return undefined;
    if (left < RECORD_HEADER_BYTES) return this.fail(offset, `torn record header (${left} bytes at end of segment)`);
    if (!this.ensure(offset, RECORD_HEADER_BYTES)) return this.fail(offset, 'segment shrank while reading');
    const at = offset - this.bufStart;
    const header = readFrameHeader(this.buf, at);
    const frameBytes = RECORD_HEADER_BYTES + header.bodyLength;
    if (header.bodyLength > MAX_BODY_BYTES || frameBytes > left) {
      return this.fail(offset, `torn record: a ${frameBytes}-byte frame at end of segment with ${left} bytes left`);
    }
    if (!this.ensure(offset, frameBytes)) return this.fail(offset, 'segment shrank while reading');
    const start = offset - this.bufStart;
    const invalid = checkFrame(this.buf, start, header);
    if (invalid) return this.fail(offset, invalid);
    if (header.seq !== this.expectedSeq) {
      return this.fail(offset, `sequence ${header.seq} where ${this.expectedSeq} was expected`);
    }
    if (this.options.beforeSeq !== undefined && header.seq >= this.options.beforeSeq) {
      return this.fail(offset, `sequence ${header.seq} runs into the next segment (${this.options.beforeSeq})`);
    }
    const encrypted = (header.flags & FLAG_ENCRYPTED) !== 0;
    if (this.options.encrypted !== undefined && encrypted !== this.options.encrypted) {
      return this.fail(offset, encrypted ? 'encrypted record in a plain WAL' : 'plain record in an encrypted WAL');
    }
    let payload: Buffer = this.buf.subarray(start + RECORD_HEADER_BYTES, start + frameBytes);
    if (encrypted && this.options.cipher) {
      const plain = this.options.cipher.open(payload, recordAad(this.buf, start));
      if (!plain) return this.fail(offset, 'authentication failed (record altered after it was written)');
      payload = plain;
    }
    this.validBytes = offset + frameBytes;
    this.records++;
    this.firstSeq ??= header.seq;
    this.encryptedRecords = encrypted;
    this.lastSeq = header.seq;
    this.expectedSeq = header.seq + 1;
    return { seq: header.seq, offset, frameBytes, payload };
  }

  /** Reads to the end (or the first invalid record) and closes the file. */
  drain(): this {
    while (this.next());
    this.close();
    return this;
  }

  /** Closes the file; idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  private fail(offset: number, reason: string): undefined {
    this.corruption = new WalCorruptionError(this.name, offset, reason);
    return undefined;
  }

  /** Makes `buf` hold file bytes [offset, offset + length); false when the file is shorter. */
  private ensure(offset: number, length: number): boolean {
    if (offset >= this.bufStart && offset + length <= this.bufStart + this.bufLength) return true;
    if (length > this.buf.length) this.buf = Buffer.allocUnsafe(length);
    const want = Math.min(this.buf.length, this.fileBytes - offset);
    let read = 0;
    while (read < want) {
      const n = readSync(this.fd, this.buf, read, want - read, offset + read);
      if (n === 0) break;
      read += n;
    }
    this.bufStart = offset;
    this.bufLength = read;
    return read >= length;
  }
}
