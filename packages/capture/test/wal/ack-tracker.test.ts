import { AckTracker } from '../../src/wal/ack-tracker';

function appendedThrough(tracker: AckTracker, last: number): AckTracker {
  for (let seq = tracker.lastSeq + 1; seq <= last; seq++) tracker.appended(seq);
  return tracker;
}

describe('AckTracker', () => {
  it('advances the watermark only when everything below is acknowledged (acks out of order)', () => {
    const tracker = appendedThrough(new AckTracker(0, 0), 5);
    expect(tracker.acknowledge(3)).toBe('recorded');
    expect(tracker.acknowledge(2)).toBe('recorded');
    expect(tracker.watermark).toBe(0);
    expect(tracker.pendingCount()).toBe(3);
    expect(tracker.acknowledge(1)).toBe('advanced');
    expect(tracker.watermark).toBe(3);
    expect(tracker.isAcknowledged(2)).toBe(true);
    expect(tracker.isAcknowledged(4)).toBe(false);
    expect(tracker.acknowledge(5)).toBe('recorded');
    expect(tracker.isAcknowledged(5)).toBe(true);
    expect(tracker.pendingCount()).toBe(1);
  });

  it('reports duplicates and sequence numbers it never saw', () => {
    const tracker = appendedThrough(new AckTracker(10, 10), 12);
    expect(tracker.acknowledge(9)).toBe('duplicate');
    expect(tracker.acknowledge(12)).toBe('recorded');
    expect(tracker.acknowledge(12)).toBe('duplicate');
    expect(tracker.acknowledge(13)).toBe('unknown');
    expect(tracker.acknowledge(0)).toBe('unknown');
    expect(tracker.acknowledge(1.5)).toBe('unknown');
    expect(tracker.pendingCount()).toBe(1);
  });

  it('skips ranges lost to corruption so they never hold the watermark', () => {
    const tracker = new AckTracker(0, 20);
    tracker.markLost(4, 9);
    tracker.markLost(10, 12);
    expect(tracker.pendingCount()).toBe(20 - 9);
    expect(tracker.acknowledge(5)).toBe('unknown');
    for (const seq of [3, 2, 1]) tracker.acknowledge(seq);
    expect(tracker.watermark).toBe(12);
    tracker.acknowledge(13);
    expect(tracker.watermark).toBe(13);
    expect(tracker.pendingCount()).toBe(7);
  });

  it('ignores lost ranges at or below the watermark', () => {
    const tracker = new AckTracker(10, 15);
    tracker.markLost(2, 8);
    tracker.markLost(9, 11);
    expect(tracker.watermark).toBe(11);
    expect(tracker.pendingCount()).toBe(4);
  });
});
