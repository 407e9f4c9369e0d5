import { MAX_TIMER_MS } from './timer-limit';

/**
 * Waits `ms` (at most {@link MAX_TIMER_MS}) without keeping the process alive: the timer is
 * `unref()`'d, so a pause between retries never holds up an exit.
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, Math.min(ms, MAX_TIMER_MS));
    timer.unref();
  });
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Blocks the thread for `ms`. Only for code that must stay synchronous, such as opening a WAL
 * while racing another process for its lock; everything else uses {@link sleep}.
 */
export function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}
