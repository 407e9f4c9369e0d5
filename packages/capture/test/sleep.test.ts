import { sleep } from '../src/sleep';
import { MAX_TIMER_MS } from '../src/timer-limit';
import { settledAfter } from './helpers/settled-after';

describe('sleep', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('resolves after the delay, not before', async () => {
    const slept = sleep(250);
    expect(await settledAfter(slept, 249)).toBe(false);
    expect(await settledAfter(slept, 1)).toBe(true);
  });

  it('caps the delay at the longest timer instead of letting Node fire it after 1 ms', async () => {
    const slept = sleep(MAX_TIMER_MS * 2);
    expect(await settledAfter(slept, 1000)).toBe(false);
    expect(await settledAfter(slept, MAX_TIMER_MS - 1000)).toBe(true);
  });

  it('never keeps the process alive: its timer is unref()d', () => {
    const unref = jest.fn();
    const spy = jest.spyOn(global, 'setTimeout').mockImplementation((() => ({ unref })) as unknown as typeof setTimeout);
    try {
      void sleep(10);
      expect(unref).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });
});
