import { MAX_TIMER_MS } from './timer-limit';

/**
 * Settles as `work` does, or rejects with `onTimeout()` once `timeoutMs` have passed. The deadline
 * timer is deliberately not `unref()`'d: while the promise is pending it keeps the process alive
 * (a script awaiting it does not exit mid-await, even when every other timer and socket is
 * unref'd), and it is cleared as soon as the promise settles, so nothing is held afterwards.
 */
export function settleWithin<T>(work: Promise<T>, timeoutMs: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), Math.min(Math.max(0, timeoutMs), MAX_TIMER_MS));
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
