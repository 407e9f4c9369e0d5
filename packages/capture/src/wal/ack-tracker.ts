/**
 * The acknowledgement low watermark: the highest sequence number such that every record at or below
 * it has been acknowledged or no longer exists. Acknowledgements may arrive in any order; those above
 * the watermark wait in a set until the gap below them closes. Sequence ranges lost to corruption
 * are skipped, otherwise one lost record would hold the watermark (and the disk) forever.
 */

/** Outcome of {@link AckTracker.acknowledge}. */
export type AckResult = 'advanced' | 'recorded' | 'duplicate' | 'unknown';

/** Tracks acknowledgements of sequence numbers up to the last appended one. */
export class AckTracker {
  /** Every sequence ≤ watermark is acknowledged or lost. */
  watermark: number;
  /** Highest sequence number appended so far (0 when none). */
  lastSeq: number;
  private readonly acked = new Set<number>();
  // Inclusive ranges of sequence numbers known not to exist, sorted, all above the watermark.
  private readonly lost: [number, number][] = [];

  constructor(watermark: number, lastSeq: number) {
    this.watermark = watermark;
    this.lastSeq = Math.max(lastSeq, watermark);
  }

  /** Declares the inclusive range [from, to] lost (only the part above the watermark matters). */
  markLost(from: number, to: number): void {
    const start = Math.max(from, this.watermark + 1);
    if (start > to) return;
    this.lost.push([start, to]);
    this.lost.sort((a, b) => a[0] - b[0]);
    this.advance();
  }

  /** Records that `seq` was appended. */
  appended(seq: number): void {
    this.lastSeq = seq;
  }

  /** Records an acknowledgement of `seq`. */
  acknowledge(seq: number): AckResult {
    if (!Number.isSafeInteger(seq) || seq < 1 || seq > this.lastSeq || this.isLost(seq)) return 'unknown';
    if (seq <= this.watermark || this.acked.has(seq)) return 'duplicate';
    this.acked.add(seq);
    const before = this.watermark;
    this.advance();
    return this.watermark > before ? 'advanced' : 'recorded';
  }

  /** True when `seq` is at or below the watermark or was acknowledged above it. */
  isAcknowledged(seq: number): boolean {
    return seq <= this.watermark || this.acked.has(seq);
  }

  /** Records above the watermark that exist and are not acknowledged. */
  pendingCount(): number {
    let lostAbove = 0;
    for (const [from, to] of this.lost) lostAbove += to - from + 1;
    return this.lastSeq - this.watermark - lostAbove - this.acked.size;
  }

  private isLost(seq: number): boolean {
    for (const [from, to] of this.lost) if (seq >= from && seq <= to) return true;
    return false;
  }

  private advance(): void {
    for (;;) {
      const next = this.watermark + 1;
      const lost = this.lost[0];
      if (this.acked.delete(next)) {
        this.watermark = next;
      } else if (lost !== undefined && lost[0] === next) {
        this.watermark = lost[1];
        this.lost.shift();
      } else {
        return;
      }
    }
  }
}
