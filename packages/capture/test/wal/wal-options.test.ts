import { MAX_TIMER_MS } from '../../src/timer-limit';
import { resolveWalOptions } from '../../src/wal/wal-options';

describe('resolveWalOptions checkpointIntervalMs', () => {
  it('defaults to 100 ms and accepts 0 and the longest timer', () => {
    expect(resolveWalOptions({ dir: '/tmp/x' }).checkpointIntervalMs).toBe(100);
    expect(resolveWalOptions({ dir: '/tmp/x', checkpointIntervalMs: 0 }).checkpointIntervalMs).toBe(0);
    expect(resolveWalOptions({ dir: '/tmp/x', checkpointIntervalMs: MAX_TIMER_MS }).checkpointIntervalMs).toBe(MAX_TIMER_MS);
  });

  it('rejects an interval longer than a timer can wait (Node would fire it after 1 ms), naming the option', () => {
    expect(() => resolveWalOptions({ dir: '/tmp/x', checkpointIntervalMs: MAX_TIMER_MS + 1 })).toThrow(
      new RangeError('WalOptions.checkpointIntervalMs must be at most 2147483647 ms (the longest timer), got 2147483648'),
    );
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects %p', (value) => {
    expect(() => resolveWalOptions({ dir: '/tmp/x', checkpointIntervalMs: value })).toThrow(/WalOptions\.checkpointIntervalMs must be a finite number ≥ 0/);
  });
});
