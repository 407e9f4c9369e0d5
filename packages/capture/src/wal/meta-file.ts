/**
 * `meta.json`: written once when a WAL directory is created, read and checked at every open. It says
 * whether records are encrypted and lets a wrong key be detected before any record is read.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { errnoCode, WalCorruptionError, WalError, WalKeyError } from './errors';
import { decodeMeta, FLAG_ENCRYPTED, META_FILE, RECORD_HEADER_BYTES, type WalMeta } from './format';
import { cipherFor, createMeta, type RecordCipher } from './record-cipher';
import { listSegments, writeFileAtomicSync } from './wal-directory';

/** How the records of an open WAL are read and written. */
export interface WalEncryption {
  encrypted: boolean;
  cipher: RecordCipher | undefined;
}

/**
 * Loads `meta.json` and checks `key` against it (throws {@link WalKeyError}); creates it for a new
 * directory. A missing or damaged meta file beside existing plain segments is rewritten and reported
 * in `corruptions`; beside encrypted segments it cannot be rebuilt (its salt is gone), so that is a
 * {@link WalError} and nothing on disk is touched.
 */
export function loadMeta(dir: string, key: Uint8Array | undefined, corruptions: WalCorruptionError[], warn: (message: string) => void): WalEncryption {
  const found = readMeta(dir);
  if (typeof found === 'object') {
    return { encrypted: found.encryption !== 'none', cipher: cipherFor(dir, found, key) };
  }
  const problem = found;
  const firstFlags = firstRecordFlags(dir);
  if (problem !== undefined || firstFlags !== undefined) {
    const corruption = new WalCorruptionError(META_FILE, 0, problem ?? 'meta.json is missing');
    if (firstFlags !== undefined && (firstFlags & FLAG_ENCRYPTED) !== 0) {
      throw new WalError(
        `${corruption.message}: WAL ${dir} holds encrypted records whose key salt was stored there, so ` +
          'they cannot be decrypted; restore meta.json from a backup, or move the directory aside to start afresh',
      );
    }
    if (firstFlags !== undefined && key) throw new WalKeyError(dir, 'unexpected', ` (${corruption.message}, and no segment's first record is marked encrypted)`);
    corruptions.push(corruption);
    warn(`${corruption.message}; rewritten for the ${firstFlags === undefined ? 'new' : 'plain'} WAL`);
  }
  const meta = createMeta(key);
  writeFileAtomicSync(dir, META_FILE, Buffer.from(JSON.stringify(meta) + '\n'));
  return { encrypted: meta.encryption !== 'none', cipher: cipherFor(dir, meta, key) };
}

/** Reads `meta.json`: the meta, undefined when missing, or why it is unusable. */
export function readMeta(dir: string): WalMeta | string | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, META_FILE), 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  return decodeMeta(text);
}

/**
 * The flags of the segments' first records, ORed: `FLAG_ENCRYPTED` is set when any segment starts
 * with an encrypted record (one damaged header, e.g. zeroed, does not make an encrypted WAL look
 * plain); undefined when no segment holds a whole record header.
 */
function firstRecordFlags(dir: string): number | undefined {
  const header = Buffer.alloc(RECORD_HEADER_BYTES);
  let flags: number | undefined;
  for (const { name } of listSegments(dir)) {
    const fd = openSync(join(dir, name), 'r');
    try {
      if (readSync(fd, header, 0, RECORD_HEADER_BYTES, 0) === RECORD_HEADER_BYTES) flags = (flags ?? 0) | header.readUInt8(16);
    } finally {
      closeSync(fd);
    }
  }
  return flags;
}
