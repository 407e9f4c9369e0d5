/**
 * Recovery at open: deletes segments wholly below the checkpoint, verifies every remaining record,
 * cuts a segment at its first invalid record (truncate + fsync, with a warning and a
 * WalCorruptionError), reports records missing between the checkpoint and the segments or between
 * two segments, and works out where appending continues. Never throws for corruption. A lost tail
 * (the newest segment deleted, or cut at a record boundary) cannot be told from records never
 * written.
 */
import { closeSync, fsyncSync, ftruncateSync, openSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { WalCorruptionError, WalWriteError } from './errors';
import type { RecordCipher } from './record-cipher';
import { SegmentReader } from './segment-reader';
import { listSegments } from './wal-directory';

/** A segment as the log keeps track of it. */
export interface SegmentState {
  name: string;
  firstSeq: number;
  /** Sequence of its last record; firstSeq - 1 while empty. */
  lastSeq: number;
  bytes: number;
}

/** What recovery found and left on disk. */
export interface RecoveredState {
  segments: SegmentState[];
  /** Valid records found in the kept segments (acknowledged ones included). */
  records: number;
  /** Highest valid sequence (or the watermark when higher); appending continues after it. */
  lastSeq: number;
  /** Inclusive sequence ranges lost to corruption (between kept segments). */
  lost: [number, number][];
  corruptions: WalCorruptionError[];
}

/** Recovers `dir` given the persisted watermark. */
export function recoverSegments(dir: string, watermark: number, read: { encrypted: boolean; cipher: RecordCipher | undefined }, warn: (message: string) => void): RecoveredState {
  const found = listSegments(dir);
  const state: RecoveredState = { segments: [], records: 0, lastSeq: watermark, lost: [], corruptions: [] };
  let expected = watermark + 1;
  let previousCut = false;
  for (let i = 0; i < found.length; i++) {
    const { name, firstSeq } = found[i]!;
    const nextFirst = found[i + 1]?.firstSeq;
    if (nextFirst !== undefined && nextFirst - 1 <= watermark) {
      // Left over from a crash between writing the checkpoint and deleting what it covers.
      unlinkSync(join(dir, name));
      continue;
    }
    const reader = new SegmentReader(dir, name, { ...read, beforeSeq: nextFirst }).drain();
    const cut = previousCut;
    previousCut = reader.corruption !== undefined;
    if (reader.corruption) {
      state.corruptions.push(reader.corruption);
      warn(`${reader.corruption.message}; cut ${name} to ${reader.validBytes} bytes ` + `(kept ${reader.records} records, dropped ${reader.fileBytes - reader.validBytes} bytes)`);
      truncateDurably(join(dir, name), reader.validBytes);
    }
    const isLast = nextFirst === undefined;
    if (reader.records === 0 && (!isLast || firstSeq !== state.lastSeq + 1)) {
      // An empty segment carries nothing; the last one is kept only if appending continues in it.
      unlinkSync(join(dir, name));
      continue;
    }
    if (reader.records > 0) {
      if (firstSeq > expected && !cut) {
        // Segments are deleted oldest first and only below the checkpoint: a gap that no cut of
        // the segment before explains is damage of its own.
        const gap = new WalCorruptionError(name, 0, `records ${expected}..${firstSeq - 1} are missing (a segment was deleted or cut)`);
        state.corruptions.push(gap);
        warn(`${gap.message}; they cannot be recovered`);
      }
      if (firstSeq > expected) state.lost.push([expected, firstSeq - 1]);
      expected = (reader.lastSeq as number) + 1;
      state.lastSeq = Math.max(state.lastSeq, reader.lastSeq as number);
      state.records += reader.records;
    }
    state.segments.push({
      name,
      firstSeq,
      lastSeq: reader.records > 0 ? (reader.lastSeq as number) : firstSeq - 1,
      bytes: reader.validBytes,
    });
  }
  return state;
}

function truncateDurably(path: string, length: number): void {
  try {
    const fd = openSync(path, 'r+');
    try {
      ftruncateSync(fd, length);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new WalWriteError(`cannot repair WAL segment ${path} (truncate to ${length} bytes)`, error);
  }
}
