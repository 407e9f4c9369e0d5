import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspectWal } from '@agent-otel/capture';
import { quarantineDir, REJECTIONS_FILE, type QuarantineEntry } from '@agent-otel/capture/internal';
import type { CliOutput } from '../cli-output';
import { walReplay, type WalReplayOptions, type WalReplaySummary } from './wal-replay';

/** Options of {@link walQuarantineList}, from `agent-otel wal quarantine list DIR [--key K] [--json]`. */
export interface WalQuarantineListOptions {
  /** The WAL directory (its quarantine is `DIR/quarantine`). */
  dir: string;
  /** The 32-byte key of an encrypted WAL. Default none. */
  encryptionKey?: Uint8Array;
  /** Print one JSON document instead of the table. Default false. */
  json?: boolean;
}

/** What {@link walQuarantineList} finds. */
export interface WalQuarantineListing {
  /** The quarantine directory. */
  dir: string;
  /** Quarantined records not replayed yet, oldest first. */
  records: QuarantineEntry[];
}

/**
 * `agent-otel wal quarantine list`: the records the backend refused on their own and that were
 * moved out of the WAL (see `wal-quarantine.ts` of @agent-otel/capture for the format), read-only
 * and without a lock. Records already replayed are not listed. A WAL without a quarantine has none.
 * Throws a `WalError` / `WalKeyError` when the quarantine is damaged beyond reading or the key is wrong.
 */
export function walQuarantineList(options: WalQuarantineListOptions, output: CliOutput): WalQuarantineListing {
  const dir = quarantineDir(options.dir);
  const listing: WalQuarantineListing = { dir, records: [] };
  if (existsSync(dir)) {
    const inspection = inspectWal(dir, { encryptionKey: options.encryptionKey });
    const lastSeq = Math.max(inspection.acknowledgedThrough, ...inspection.segments.map((s) => s.lastSeq ?? 0));
    listing.records = readEntries(dir).filter((e) => e.seq > inspection.acknowledgedThrough && e.seq <= lastSeq);
  }
  if (options.json) {
    output.out(JSON.stringify(listing, null, 2));
    return listing;
  }
  if (listing.records.length === 0) {
    output.out(`no quarantined records in ${dir}`);
    return listing;
  }
  output.out(`${listing.records.length} quarantined record${listing.records.length === 1 ? '' : 's'} in ${dir}:`);
  for (const e of listing.records) {
    output.out(`  #${e.seq} (WAL record ${e.walSeq}) at ${e.at}: ${e.status !== undefined ? `HTTP ${e.status}` : 'refused'}${e.error ? ` — ${e.error}` : ''}`);
  }
  return listing;
}

/**
 * `agent-otel wal quarantine replay`: sends the quarantined records of `options.dir` again, one
 * record per request, acknowledging each the backend now accepts (as `wal replay` does for the WAL
 * itself); it stops at the first record still refused, which stays quarantined.
 */
export function walQuarantineReplay(options: WalReplayOptions, output: CliOutput): Promise<WalReplaySummary> {
  return walReplay({ batchBytes: 1, ...options, dir: quarantineDir(options.dir) }, output);
}

function readEntries(dir: string): QuarantineEntry[] {
  const file = join(dir, REJECTIONS_FILE);
  if (!existsSync(file)) return [];
  const entries: QuarantineEntry[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      entries.push(JSON.parse(line) as QuarantineEntry);
    } catch {
      // A line torn by a crash mid-write: its record is still listed by seq below, without a reason.
    }
  }
  return entries;
}
