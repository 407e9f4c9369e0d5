import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WalError, WalKeyError } from '../../src/wal/errors';
import { WriteAheadLog } from '../../src/wal/write-ahead-log';
import { flipByteKeepCrc, frames, resealFrame, segmentFiles } from '../helpers/wal-damage';
import { WalTempDirs } from '../helpers/wal-temp-dir';

const dirs = new WalTempDirs();
afterEach(() => dirs.cleanup());

const KEY = Buffer.alloc(32, 0x5a);
const OTHER_KEY = Buffer.alloc(32, 0x5b);
const SECRET = 'the user asked about card 4111 1111 1111 1111';

function encryptedWal(records: string[]): string {
  const dir = dirs.walDir();
  const wal = WriteAheadLog.open({ dir, encryptionKey: KEY });
  for (const record of records) wal.append(Buffer.from(record));
  wal.close();
  return dir;
}

function keyError(run: () => unknown): WalKeyError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(WalKeyError);
    return error as WalKeyError;
  }
  throw new Error('expected a WalKeyError');
}

describe('WAL encryption', () => {
  it('round-trips records and keeps no plaintext on disk', () => {
    const dir = encryptedWal([SECRET, '', 'second']);
    const segment = readFileSync(join(dir, segmentFiles(dir)[0]));
    expect(segment.includes(Buffer.from('4111'))).toBe(false);
    expect(segment.length).toBe(3 * (20 + 28) + SECRET.length + 6);
    expect(readFileSync(join(dir, 'meta.json'), 'utf8')).not.toContain(KEY.toString('hex'));
    const wal = WriteAheadLog.open({ dir, encryptionKey: KEY });
    expect([...wal.pending()].map((r) => Buffer.from(r.payload).toString())).toEqual([SECRET, '', 'second']);
    expect(wal.stats().encrypted).toBe(true);
    wal.close();
  });

  it('draws a fresh IV for every record', () => {
    const dir = encryptedWal(['same', 'same']);
    const data = readFileSync(join(dir, segmentFiles(dir)[0]));
    const [a, b] = frames(join(dir, segmentFiles(dir)[0]));
    expect(data.subarray(a.offset + 20, a.offset + 32).equals(data.subarray(b.offset + 20, b.offset + 32))).toBe(false);
  });

  it('rejects a wrong key at open, before reading any record', () => {
    const dir = encryptedWal([SECRET]);
    const error = keyError(() => WriteAheadLog.open({ dir, encryptionKey: OTHER_KEY }));
    expect(error.problem).toBe('wrong');
    expect(error.message).toMatch(/does not match the key WAL .* was written with/);
  });

  it('rejects a missing key for an encrypted WAL and a key for a plain one', () => {
    const dir = encryptedWal([SECRET]);
    expect(keyError(() => WriteAheadLog.open({ dir })).message).toMatch(/is encrypted: pass the encryptionKey/);
    const plain = dirs.walDir();
    WriteAheadLog.open({ dir: plain }).close();
    const unexpected = keyError(() => WriteAheadLog.open({ dir: plain, encryptionKey: KEY }));
    expect(unexpected.problem).toBe('unexpected');
    expect(unexpected.message).toMatch(/not encrypted but an encryptionKey was given/);
  });

  it('rejects keys that are not 32 bytes', () => {
    const error = keyError(() => WriteAheadLog.open({ dir: dirs.walDir(), encryptionKey: Buffer.alloc(16) }));
    expect(error.message).toBe('encryptionKey must be 32 bytes (AES-256-GCM), got 16 bytes');
  });

  it('releases the lock when the key is rejected', () => {
    const dir = encryptedWal([SECRET]);
    keyError(() => WriteAheadLog.open({ dir, encryptionKey: OTHER_KEY }));
    WriteAheadLog.open({ dir, encryptionKey: KEY }).close();
  });

  it('cuts a record altered behind a recomputed CRC instead of returning garbage', () => {
    const dir = encryptedWal(['one', 'two', 'three']);
    const path = join(dir, segmentFiles(dir)[0]);
    const second = frames(path)[1];
    flipByteKeepCrc(path, second.offset, second.offset + 33); // a ciphertext byte
    const warnings: string[] = [];
    const wal = WriteAheadLog.open({ dir, encryptionKey: KEY, onWarning: (m) => warnings.push(m) });
    expect(wal.recovery.corruptions.map((c) => [c.offset, c.reason])).toEqual([[second.offset, 'authentication failed (record altered after it was written)']]);
    expect([...wal.pending()].map((r) => Buffer.from(r.payload).toString())).toEqual(['one']);
    wal.close();
  });

  it('cuts a record moved to another sequence number (sequence is authenticated)', () => {
    const dir = encryptedWal(['one', 'two']);
    const path = join(dir, segmentFiles(dir)[0]);
    const data = readFileSync(path);
    const [first, second] = frames(path);
    // Swap the bodies of records 1 and 2 (same length), fixing up each CRC.
    const body1 = Buffer.from(data.subarray(first.offset + 20, first.offset + first.bytes));
    data.copy(data, first.offset + 20, second.offset + 20, second.offset + second.bytes);
    body1.copy(data, second.offset + 20);
    writeFileSync(path, data);
    resealFrame(path, first.offset);
    resealFrame(path, second.offset);
    const wal = WriteAheadLog.open({ dir, encryptionKey: KEY });
    expect(wal.recovery.corruptions[0]).toMatchObject({ offset: 0, reason: expect.stringMatching(/authentication failed/) });
    expect([...wal.pending()]).toEqual([]);
    wal.close();
  });

  it('cuts an encrypted record found in a plain WAL, and a plain one in an encrypted WAL', () => {
    const encrypted = encryptedWal(['one']);
    const plain = dirs.walDir();
    const wal = WriteAheadLog.open({ dir: plain });
    wal.append(Buffer.from('one'));
    wal.close();
    const name = segmentFiles(plain)[0];
    const plainBytes = readFileSync(join(plain, name));
    writeFileSync(join(plain, name), readFileSync(join(encrypted, name)));
    writeFileSync(join(encrypted, name), plainBytes);
    const reopenedPlain = WriteAheadLog.open({ dir: plain });
    expect(reopenedPlain.recovery.corruptions.map((c) => c.reason)).toEqual(['encrypted record in a plain WAL']);
    reopenedPlain.close();
    const reopenedEncrypted = WriteAheadLog.open({ dir: encrypted, encryptionKey: KEY });
    expect(reopenedEncrypted.recovery.corruptions.map((c) => c.reason)).toEqual(['plain record in an encrypted WAL']);
    expect([...reopenedEncrypted.pending()]).toEqual([]);
    reopenedEncrypted.close();
  });

  it('refuses to rebuild a lost meta file of an encrypted WAL and leaves the data alone', () => {
    const dir = encryptedWal([SECRET]);
    rmSync(join(dir, 'meta.json'));
    const before = readFileSync(join(dir, segmentFiles(dir)[0]));
    expect(() => WriteAheadLog.open({ dir, encryptionKey: KEY })).toThrow(WalError);
    expect(() => WriteAheadLog.open({ dir, encryptionKey: KEY })).toThrow(/cannot be decrypted; restore meta.json/);
    expect(readFileSync(join(dir, segmentFiles(dir)[0])).equals(before)).toBe(true);
  });
});
