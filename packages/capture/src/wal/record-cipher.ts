/**
 * AES-256-GCM for record bodies (see format.ts). The user's 32-byte key never encrypts anything
 * itself: a record key and a key check value are derived from it with HKDF-SHA256 and the WAL's salt.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomFillSync, timingSafeEqual } from 'node:crypto';
import { WalKeyError } from './errors';
import { FORMAT_NAME, FORMAT_VERSION, type WalMeta } from './format';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const IV_POOL_BYTES = IV_BYTES * 512;

/** Encrypts and authenticates record bodies with one derived key. */
export class RecordCipher {
  private readonly recordKey: Buffer;
  // Random IVs are drawn from a pool refilled 512 at a time: one randomFillSync per record costs
  // about as much as the encryption of a small record.
  private readonly ivPool = Buffer.allocUnsafe(IV_POOL_BYTES);
  private ivOffset = IV_POOL_BYTES;

  constructor(recordKey: Buffer) {
    this.recordKey = recordKey;
  }

  /**
   * Writes IV | ciphertext | tag of `payload` into `out` at `offset`, authenticating `aad` too;
   * returns the number of bytes written (payload length + 28).
   */
  sealInto(payload: Uint8Array, aad: Uint8Array, out: Buffer, offset: number): number {
    if (this.ivOffset === IV_POOL_BYTES) {
      randomFillSync(this.ivPool);
      this.ivOffset = 0;
    }
    const iv = this.ivPool.subarray(this.ivOffset, this.ivOffset + IV_BYTES);
    this.ivOffset += IV_BYTES;
    iv.copy(out, offset);
    const cipher = createCipheriv('aes-256-gcm', this.recordKey, iv);
    cipher.setAAD(aad);
    let written = IV_BYTES;
    written += cipher.update(payload).copy(out, offset + written);
    written += cipher.final().copy(out, offset + written);
    written += cipher.getAuthTag().copy(out, offset + written);
    return written;
  }

  /** Decrypts a body produced by {@link sealInto}; returns undefined when authentication fails. */
  open(body: Uint8Array, aad: Uint8Array): Buffer | undefined {
    if (body.length < IV_BYTES + TAG_BYTES) return undefined;
    const buf = Buffer.from(body.buffer, body.byteOffset, body.length);
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.recordKey, buf.subarray(0, IV_BYTES));
      decipher.setAAD(aad);
      decipher.setAuthTag(buf.subarray(buf.length - TAG_BYTES));
      const plain = decipher.update(buf.subarray(IV_BYTES, buf.length - TAG_BYTES));
      const rest = decipher.final();
      return rest.length === 0 ? plain : Buffer.concat([plain, rest]);
    } catch {
      return undefined;
    }
  }
}

/** Throws a {@link WalKeyError} unless `key` is absent or 32 bytes long. */
export function checkKeyLength(dir: string, key: Uint8Array | undefined): void {
  if (key !== undefined && key.length !== 32) {
    throw new WalKeyError(dir, 'length', `, got ${key.length} bytes`);
  }
}

/** The meta file of a new WAL for `key` (a fresh random salt), or a plain one without a key. */
export function createMeta(key: Uint8Array | undefined): WalMeta {
  if (!key) return { format: FORMAT_NAME, version: FORMAT_VERSION, encryption: 'none' };
  const salt = randomBytes(16);
  return {
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    encryption: 'aes-256-gcm',
    kdf: 'hkdf-sha256',
    salt: salt.toString('hex'),
    keyCheck: derive(key, salt, 'key check').toString('hex'),
  };
}

/**
 * Checks `key` against `meta` and returns the cipher for the WAL's records (undefined for a plain
 * WAL). Throws {@link WalKeyError} for a missing, unexpected or wrong key.
 */
export function cipherFor(dir: string, meta: WalMeta, key: Uint8Array | undefined): RecordCipher | undefined {
  if (meta.encryption === 'none') {
    if (key) throw new WalKeyError(dir, 'unexpected');
    return undefined;
  }
  if (!key) throw new WalKeyError(dir, 'missing');
  const salt = Buffer.from(meta.salt as string, 'hex');
  const expected = Buffer.from(meta.keyCheck as string, 'hex');
  const actual = derive(key, salt, 'key check');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new WalKeyError(dir, 'wrong', ' (key check value in meta.json differs)');
  }
  return new RecordCipher(derive(key, salt, 'record key'));
}

function derive(key: Uint8Array, salt: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, salt, `${FORMAT_NAME} v${FORMAT_VERSION} ${purpose}`, 32));
}
