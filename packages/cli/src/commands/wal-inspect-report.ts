/** The text and JSON forms of a WAL inspection. */
import type { WalInspection } from '@agent-otel/capture';
import { formatBytes } from '../format-bytes';
import { renderTable } from '../text-table';

/** The JSON document printed by `agent-otel wal inspect --json`. Absent values are `null`. */
export interface WalInspectionJson {
  dir: string;
  formatVersion: number;
  /** Whether record bodies are encrypted. */
  encrypted: boolean;
  /** True when the records were authenticated with the given key. */
  authenticated: boolean;
  segments: {
    name: string;
    bytes: number;
    /** Bytes up to the end of the last valid record. */
    validBytes: number;
    records: number;
    firstSeq: number | null;
    lastSeq: number | null;
  }[];
  totalBytes: number;
  /** Every record with a sequence number up to this one was accepted by the backend. */
  acknowledgedThrough: number;
  /** Valid records above the watermark: what a replay or a restart sends. */
  pending: number;
  /** Damage found: the file, the byte offset where valid data ends, and why. */
  corruptions: { segment: string; offset: number; reason: string }[];
  /** The process named in the lock file and whether it runs; `null` when unlocked. */
  lock: { pid: number; alive: boolean } | null;
}

/** Converts an inspection to its JSON document. */
export function walInspectionToJson(inspection: WalInspection): WalInspectionJson {
  return {
    dir: inspection.dir,
    formatVersion: inspection.formatVersion,
    encrypted: inspection.encrypted,
    authenticated: inspection.authenticated,
    segments: inspection.segments.map((s) => ({
      name: s.name,
      bytes: s.bytes,
      validBytes: s.validBytes,
      records: s.records,
      firstSeq: s.firstSeq ?? null,
      lastSeq: s.lastSeq ?? null,
    })),
    totalBytes: inspection.totalBytes,
    acknowledgedThrough: inspection.acknowledgedThrough,
    pending: inspection.pending,
    corruptions: inspection.corruptions.map((c) => ({ segment: c.segment, offset: c.offset, reason: c.reason })),
    lock: inspection.lock ? { pid: inspection.lock.pid, alive: inspection.lock.alive } : null,
  };
}

/** The text report of `agent-otel wal inspect`, one string per line. */
export function renderWalInspection(inspection: WalInspection): string[] {
  const lines = [
    `WAL ${inspection.dir}`,
    `  format        version ${inspection.formatVersion}, ${describeEncryption(inspection)}`,
    `  lock          ${describeLock(inspection)}`,
    `  acknowledged  through seq ${inspection.acknowledgedThrough}`,
    `  pending       ${inspection.pending} record${inspection.pending === 1 ? '' : 's'}`,
    `  size          ${inspection.segments.length} segment${inspection.segments.length === 1 ? '' : 's'}, ${formatBytes(inspection.totalBytes)}`,
    '',
  ];
  if (inspection.segments.length > 0) {
    const rows = inspection.segments.map((s) => [
      s.name,
      String(s.bytes),
      String(s.validBytes),
      String(s.records),
      s.firstSeq === undefined ? '-' : String(s.firstSeq),
      s.lastSeq === undefined ? '-' : String(s.lastSeq),
    ]);
    lines.push(...renderTable(['SEGMENT', 'BYTES', 'VALID BYTES', 'RECORDS', 'FIRST SEQ', 'LAST SEQ'], rows, [1, 2, 3, 4, 5]), '');
  }
  if (inspection.corruptions.length === 0) {
    lines.push('no damage found');
  } else {
    lines.push('damage found (opening the WAL cuts a damaged segment at the offset; the records from there on are lost):');
    for (const c of inspection.corruptions) lines.push(`  ${c.segment} at offset ${c.offset}: ${c.reason}`);
  }
  return lines;
}

function describeEncryption(inspection: WalInspection): string {
  if (!inspection.encrypted) return 'plain records';
  return inspection.authenticated
    ? 'encrypted (AES-256-GCM), every record authenticated with the key'
    : 'encrypted (AES-256-GCM), records checked by CRC only (pass --key to authenticate them)';
}

function describeLock(inspection: WalInspection): string {
  const { lock } = inspection;
  if (!lock) return 'none';
  if (lock.pid < 0) return 'lock file with an unreadable pid (the next open takes it over)';
  return lock.alive ? `held by process ${lock.pid} (running)` : `left by process ${lock.pid} (not running; the next open takes it over)`;
}
