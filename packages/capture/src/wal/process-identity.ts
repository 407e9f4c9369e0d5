/**
 * Who a process is beyond its pid, so a lock left by a dead process is recognised as stale even when
 * its pid now belongs to an unrelated process. On Linux a process is (boot id, pid, start time): the
 * start time is field 22 of `/proc/<pid>/stat` (clock ticks after boot) and the boot id is
 * `/proc/sys/kernel/random/boot_id`. Elsewhere (no /proc) both are unknown and a process is its pid
 * alone: a lock whose pid was reused by another process then looks held until that process ends.
 */
import { readFileSync } from 'node:fs';
import { errnoCode } from './errors';

/** A process as a lock records it. */
export interface ProcessIdentity {
  pid: number;
  /** Start time in clock ticks after boot (Linux), or undefined where it cannot be read. */
  startTime: string | undefined;
  /** The first 12 hex digits of the boot id (Linux), or undefined where it cannot be read. */
  bootId: string | undefined;
}

let own: ProcessIdentity | undefined;

/** The identity of this process (read once). */
export function ownIdentity(): ProcessIdentity {
  own ??= { pid: process.pid, startTime: readStat(process.pid)?.startTime, bootId: readBootId() };
  return own;
}

/**
 * Whether the process `identity` names is running: its pid exists (signal 0 succeeds or is refused
 * with EPERM), it is not a zombie, and, where they are known, its boot id and start time match.
 */
export function isRunning(identity: ProcessIdentity): boolean {
  const { pid } = identity;
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  const bootId = ownIdentity().bootId;
  if (identity.bootId !== undefined && bootId !== undefined && identity.bootId !== bootId) return false;
  if (!pidExists(pid)) return false;
  const stat = readStat(pid);
  // Unreadable (no /proc, or /proc mounted with hidepid): the pid exists, so assume it is the owner.
  if (!stat) return true;
  if (stat.state === 'Z' || stat.state === 'X') return false;
  return identity.startTime === undefined || identity.startTime === stat.startTime;
}

/** True when a process with `pid` exists (it may be a zombie, or a pid reused by another process). */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM';
  }
}

/** State letter and start time of `pid` from `/proc/<pid>/stat`; undefined without /proc or process. */
function readStat(pid: number): { state: string; startTime: string } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Field 2 (the command name, in parentheses) may itself hold spaces and parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field 22 (start time) is fields[19].
  const startTime = fields[19];
  // split() returns at least one field, so fields[0] is there whenever field 22 is.
  return startTime && /^\d+$/.test(startTime) ? { state: fields[0]!, startTime } : undefined;
}

function readBootId(): string | undefined {
  try {
    const id = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').replace(/[^0-9a-f]/g, '');
    return id.length >= 12 ? id.slice(0, 12) : undefined;
  } catch {
    return undefined;
  }
}
