/**
 * On-disk format of the write-ahead log (format version 1). All integers are little-endian.
 *
 * Directory (created 0700; every file 0600):
 * - `<first seq, 20 digits>.wal`  segments, e.g. `00000000000000000001.wal`. A segment's name is the
 *   sequence number of its first record; records inside are consecutive (n, n+1, ...), so the last
 *   sequence of a segment is below the name of the next one. Segments hold whole records only: a
 *   record is never split across segments; one bigger than `segmentBytes` gets a segment of its own.
 * - `checkpoint`                  the acknowledged watermark (below), replaced atomically.
 * - `*.tmp`                       a checkpoint or meta file being written; leftovers of a crash
 *                                 are ignored and removed at open.
 * - `meta.json`                   written once at creation: format version and encryption parameters.
 * - `lock`                        a symbolic link (not a file) to `<pid>:<start>:<boot>:<nonce>` of
 *                                 the process that has the directory open: start = field 22 of
 *                                 /proc/<pid>/stat, boot = first 12 hex digits of the boot id, each
 *                                 `-` where unknown (no /proc); nonce = 12 random hex digits, new for
 *                                 every open. Older versions wrote a file holding `<pid>\n`; it is
 *                                 still read (pid-only liveness).
 * - `lock.<nonce>.takeover`       a symbolic link like `lock`, held while the stale lock whose nonce
 *                                 it names is replaced (lock-file.ts); removed after the takeover.
 *
 * Record frame (20-byte header, then the body):
 * ```
 *  0  u32  bodyLength
 *  4  u32  CRC32C (Castagnoli) of bytes 8 .. 20+bodyLength (sequence, flags, reserved, body)
 *  8  u64  sequence number (1, 2, 3, ...; never reused, monotonic across restarts)
 * 16  u8   flags: bit 0 = body is encrypted; other bits are 0
 * 17  u8×3 reserved, 0
 * 20  body plain: the payload
 *          encrypted: 12-byte random IV | AES-256-GCM ciphertext | 16-byte tag;
 *          additional authenticated data = header bytes 8..17 (sequence and flags), so a record
 *          cannot be moved to another sequence number without failing authentication
 * ```
 * A record is valid when the whole frame lies inside the file, the CRC matches, the flags are known,
 * the sequence is the expected next one, and (encrypted) the tag authenticates. Recovery truncates a
 * segment at the first invalid record; the records of later segments stay valid because every
 * segment starts at a record boundary.
 *
 * Checkpoint (20 bytes): `"AOCP"` | u32 version (1) | u64 acknowledgedThrough | u32 CRC32C of bytes
 * 0..16. Written to a temp file, fdatasync'd, renamed over `checkpoint`, then the directory is
 * fsync'd. acknowledgedThrough = every record with a sequence ≤ it has been accepted by the backend;
 * segments whose records are all ≤ it are deleted after the checkpoint is durable. Two other ways
 * to write it: temp file and rename without fsync (`checkpointNow()`, made durable by the next
 * regular checkpoint), and, on a full disk, an in-place overwrite of the existing 20 bytes followed
 * by fdatasync. A checkpoint that fails to decode counts as absent (nothing acknowledged) and is
 * removed at open.
 *
 * Meta (`meta.json`): `{"format":"agent-otel-wal","version":1,"encryption":"none"}` or, encrypted,
 * `{..., "encryption":"aes-256-gcm","kdf":"hkdf-sha256","salt":"<hex 16 bytes>","keyCheck":"<hex 32
 * bytes>"}`: the record key and the key check value are both derived from the user's key with
 * HKDF-SHA256 and the salt (different info strings), so a wrong key is detected at open without
 * decrypting a record, and the check value reveals nothing about the key.
 */
import { crc32c } from '@node-rs/crc32';

/** Bytes in a record header. */
export const RECORD_HEADER_BYTES = 20;
/** Flag bit: the body is IV | ciphertext | tag. */
export const FLAG_ENCRYPTED = 0x01;
/** Bytes an encrypted body adds to its payload (IV and tag). */
export const ENCRYPTION_OVERHEAD_BYTES = 12 + 16;
/** Largest body length accepted when reading, a guard against a corrupted length field. */
export const MAX_BODY_BYTES = 0x7fffffff;

const SEGMENT_SUFFIX = '.wal';
export const CHECKPOINT_FILE = 'checkpoint';
export const META_FILE = 'meta.json';
export const LOCK_FILE = 'lock';
export const FORMAT_NAME = 'agent-otel-wal';
export const FORMAT_VERSION = 1;

const SEGMENT_NAME = /^(\d{20})\.wal$/;
const TEMP_FILE = /^(checkpoint|meta\.json|lock)\.[\w.-]*tmp$/;
const CHECKPOINT_MAGIC = 0x5043_4f41; // "AOCP" read as u32 LE
const CHECKPOINT_BYTES = 20;

/** File name of the segment whose first record has sequence `firstSeq`. */
export function segmentName(firstSeq: number): string {
  return String(firstSeq).padStart(20, '0') + SEGMENT_SUFFIX;
}

/** First sequence number encoded in a segment file name, or undefined if it is not a segment. */
export function parseSegmentName(name: string): number | undefined {
  const match = SEGMENT_NAME.exec(name);
  return match ? Number(match[1]) : undefined;
}

/** True for temp files left by an interrupted atomic write (checkpoint, meta or lock). */
export function isTempFile(name: string): boolean {
  return TEMP_FILE.test(name);
}

/**
 * Writes the header fields of a record, except the CRC, into `frame[0..20)`. For an encrypted record
 * this comes first, because header bytes 8..17 are the additional authenticated data.
 */
export function writeRecordHeader(frame: Buffer, bodyLength: number, seq: number, flags: number): void {
  frame.writeUInt32LE(bodyLength, 0);
  frame.writeUInt32LE(seq >>> 0, 8);
  frame.writeUInt32LE(Math.floor(seq / 0x1_0000_0000), 12);
  frame[16] = flags;
  frame[17] = 0;
  frame[18] = 0;
  frame[19] = 0;
}

/** Computes and stores the CRC of a frame whose header fields and body are in place. */
export function sealRecordCrc(frame: Buffer, frameBytes: number): void {
  frame.writeUInt32LE(crc32c(frame.subarray(8, frameBytes)), 4);
}

/** Additional authenticated data of an encrypted record: header bytes 8..17 (sequence, flags). */
export function recordAad(frame: Buffer, offset: number): Buffer {
  return frame.subarray(offset + 8, offset + 17);
}

/** Header fields of a record as read from disk. */
export interface RecordHeader {
  bodyLength: number;
  crc: number;
  seq: number;
  flags: number;
}

/** Decodes the 20 header bytes at `offset` of `buf` (no verification). */
export function readFrameHeader(buf: Buffer, offset: number): RecordHeader {
  return {
    bodyLength: buf.readUInt32LE(offset),
    crc: buf.readUInt32LE(offset + 4),
    seq: buf.readUInt32LE(offset + 8) + buf.readUInt32LE(offset + 12) * 0x1_0000_0000,
    flags: buf.readUInt8(offset + 16),
  };
}

/**
 * Verifies a complete frame at `buf[offset ..]` against its decoded header; returns the reason it is
 * invalid or undefined when the CRC and the reserved fields are correct.
 */
export function checkFrame(buf: Buffer, offset: number, header: RecordHeader): string | undefined {
  const end = offset + RECORD_HEADER_BYTES + header.bodyLength;
  if (crc32c(buf.subarray(offset + 8, end)) !== header.crc) return 'crc mismatch';
  if ((header.flags & ~FLAG_ENCRYPTED) !== 0 || buf.readUInt8(offset + 17) | buf.readUInt8(offset + 18) | buf.readUInt8(offset + 19)) {
    return `unknown flags 0x${header.flags.toString(16)}`;
  }
  return undefined;
}

/** Encodes a checkpoint for `acknowledgedThrough`. */
export function encodeCheckpoint(acknowledgedThrough: number): Buffer {
  const buf = Buffer.alloc(CHECKPOINT_BYTES);
  buf.writeUInt32LE(CHECKPOINT_MAGIC, 0);
  buf.writeUInt32LE(FORMAT_VERSION, 4);
  buf.writeUInt32LE(acknowledgedThrough >>> 0, 8);
  buf.writeUInt32LE(Math.floor(acknowledgedThrough / 0x1_0000_0000), 12);
  buf.writeUInt32LE(crc32c(buf.subarray(0, 16)), 16);
  return buf;
}

/** Decodes a checkpoint; returns a reason string when the bytes are not a valid checkpoint. */
export function decodeCheckpoint(buf: Buffer): number | string {
  if (buf.length !== CHECKPOINT_BYTES) return `checkpoint has ${buf.length} bytes, expected ${CHECKPOINT_BYTES}`;
  if (buf.readUInt32LE(0) !== CHECKPOINT_MAGIC) return 'checkpoint magic mismatch';
  if (crc32c(buf.subarray(0, 16)) !== buf.readUInt32LE(16)) return 'checkpoint crc mismatch';
  const version = buf.readUInt32LE(4);
  if (version !== FORMAT_VERSION) return `checkpoint format version ${version} is not supported`;
  return buf.readUInt32LE(8) + buf.readUInt32LE(12) * 0x1_0000_0000;
}

/** Contents of `meta.json`. */
export interface WalMeta {
  format: typeof FORMAT_NAME;
  version: number;
  encryption: 'none' | 'aes-256-gcm';
  kdf?: 'hkdf-sha256';
  /** Hex HKDF salt (encrypted WALs). */
  salt?: string;
  /** Hex key check value (encrypted WALs). */
  keyCheck?: string;
}

/** Parses `meta.json`; returns a reason string when it is not a usable meta file. */
export function decodeMeta(text: string): WalMeta | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'meta.json is not valid JSON';
  }
  const meta = value as Partial<WalMeta> | null;
  if (!meta || meta.format !== FORMAT_NAME) return 'meta.json does not describe an agent-otel WAL';
  if (meta.version !== FORMAT_VERSION) return `WAL format version ${String(meta.version)} is not supported`;
  if (meta.encryption === 'none') return meta as WalMeta;
  const hex = /^[0-9a-f]+$/;
  if (
    meta.encryption === 'aes-256-gcm' &&
    meta.kdf === 'hkdf-sha256' &&
    typeof meta.salt === 'string' &&
    hex.test(meta.salt) &&
    typeof meta.keyCheck === 'string' &&
    hex.test(meta.keyCheck)
  ) {
    return meta as WalMeta;
  }
  return 'meta.json has unknown encryption parameters';
}
