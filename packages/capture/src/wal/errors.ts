/**
 * Typed errors of the write-ahead log. Every message names the directory or file involved and says
 * what to do about it.
 */

/** Base class of every error the write-ahead log throws or reports. */
export class WalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WalError';
  }
}

/**
 * A record (or the checkpoint) failed verification: torn, CRC mismatch, sequence out of order, or a
 * failed authentication of an encrypted record. Recovery reports it and cuts the segment at `offset`;
 * it is never thrown by `open()`.
 */
export class WalCorruptionError extends WalError {
  /** File name inside the WAL directory, e.g. `00000000000000000001.wal` or `checkpoint`. */
  readonly segment: string;
  /** Byte offset of the damaged record inside `segment`. */
  readonly offset: number;
  /** What failed, e.g. `crc mismatch`. */
  readonly reason: string;

  constructor(segment: string, offset: number, reason: string) {
    super(`WAL corruption in ${segment} at offset ${offset}: ${reason}`);
    this.name = 'WalCorruptionError';
    this.segment = segment;
    this.offset = offset;
    this.reason = reason;
  }
}

/** Another live process (or another open log in this process) holds the directory's lock. */
export class WalLockedError extends WalError {
  readonly dir: string;
  /** Process id written in the lock file. */
  readonly pid: number;

  constructor(dir: string, pid: number) {
    super(
      `WAL directory ${dir} is locked by process ${pid}${pid === process.pid ? ' (this process)' : ''}; ` +
        'only one process may use a WAL directory: stop that process or give this one its own directory',
    );
    this.name = 'WalLockedError';
    this.dir = dir;
    this.pid = pid;
  }
}

/** Appending would exceed `maxBytes` even after deleting every acknowledged segment. */
export class WalFullError extends WalError {
  /** The configured disk bound. */
  readonly maxBytes: number;
  /** Bytes the record needs on disk (frame included). */
  readonly needed: number;
  /** Bytes the segments used when the append was refused. */
  readonly used: number;

  constructor(maxBytes: number, needed: number, used: number) {
    super(
      `WAL is full: ${used} of maxBytes ${maxBytes} in use and the record needs ${needed} more; ` +
        'records are kept until the backend acknowledges them, so check that export succeeds, or raise maxBytes',
    );
    this.name = 'WalFullError';
    this.maxBytes = maxBytes;
    this.needed = needed;
    this.used = used;
  }
}

/** A write, truncate or fdatasync failed at the OS level (e.g. ENOSPC, EIO). */
export class WalWriteError extends WalError {
  /** The errno code of the cause when there is one, e.g. `ENOSPC`. */
  readonly code: string | undefined;

  constructor(message: string, cause: unknown) {
    const code = errnoCode(cause);
    const hint = code === 'ENOSPC' ? ' (the disk is full: free space or move the WAL directory)' : '';
    super(`${message}: ${describe(cause)}${hint}`, { cause });
    this.name = 'WalWriteError';
    this.code = code;
  }
}

/** The directory cannot be created or written (EACCES, EPERM, EROFS, ENOTDIR, ...). */
export class WalPermissionError extends WalError {
  readonly dir: string;
  readonly code: string | undefined;

  constructor(dir: string, cause: unknown) {
    super(`WAL directory ${dir} is not usable: ${describe(cause)}; ` + 'choose a writable local directory (the WAL needs to create, write, rename and fsync files in it)', {
      cause,
    });
    this.name = 'WalPermissionError';
    this.dir = dir;
    this.code = errnoCode(cause);
  }
}

/** Why a {@link WalKeyError} was raised. */
export type WalKeyProblem = 'length' | 'missing' | 'unexpected' | 'wrong';

/** The encryption key is malformed, missing, unexpected or not the one the WAL was written with. */
export class WalKeyError extends WalError {
  readonly problem: WalKeyProblem;

  constructor(dir: string, problem: WalKeyProblem, detail = '') {
    const text: Record<WalKeyProblem, string> = {
      length: `encryptionKey must be 32 bytes (AES-256-GCM)${detail}`,
      missing: `WAL ${dir} is encrypted: pass the encryptionKey it was written with`,
      unexpected: `WAL ${dir} is not encrypted but an encryptionKey was given${detail}: ` + 'open it without a key, or use a new directory for an encrypted WAL',
      wrong: `the encryptionKey does not match the key WAL ${dir} was written with${detail}`,
    };
    super(text[problem]);
    this.name = 'WalKeyError';
    this.problem = problem;
  }
}

/** The log was used after `close()`. */
export class WalClosedError extends WalError {
  constructor(dir: string) {
    super(`WAL ${dir} is closed; open it again with WriteAheadLog.open()`);
    this.name = 'WalClosedError';
  }
}

/** The errno code of an error (`ENOSPC`, ...) or undefined. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describe(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
