/** The bookkeeping behind `confirmed()`: durable and acknowledged, timeouts, failures, late callers. */
import type { SpanContext } from '@opentelemetry/api';
import { addConfirmationSource, confirmed, ConfirmationError, ConfirmationTimeoutError } from '../../src/confirmation';
import { ConfirmationTracker } from '../../src/confirmation-tracker';
import { flushMicrotasks, observe } from '../helpers/wal-processor-harness';

const ctx = (n: number): SpanContext => ({ traceId: 'a'.repeat(32), spanId: n.toString(16).padStart(16, '0'), traceFlags: 1 });

describe('ConfirmationTracker', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it.each([
    ['durable first', ['markDurable', 'markAcknowledged']],
    ['acknowledged first', ['markAcknowledged', 'markDurable']],
  ] as const)('resolves only once the span is both durable and acknowledged (%s)', async (_name, steps) => {
    const tracker = new ConfirmationTracker(1000);
    const key = tracker.track(ctx(1));
    const waiting = observe(tracker.wait(ctx(1))!);
    tracker[steps[0]](key);
    await flushMicrotasks();
    expect(waiting.state).toBe('pending');
    tracker[steps[1]](key);
    await flushMicrotasks();
    expect(waiting.state).toBe('resolved');
    expect(observe(tracker.wait(ctx(1))!).state).toBe('pending'); // settles in the next microtask…
    await flushMicrotasks();
    const late = observe(tracker.wait(ctx(1))!);
    await flushMicrotasks();
    expect(late.state).toBe('resolved'); // …without waiting for anything
  });

  it("waits at most setTimeout's longest delay for a longer timeout, instead of overflowing to 1 ms", async () => {
    const setTimeoutSpy = jest.spyOn(global, 'setTimeout');
    const tracker = new ConfirmationTracker(1000);
    tracker.track(ctx(1));
    const waiting = observe(tracker.wait(ctx(1), { timeoutMs: 3_000_000_000 })!);
    expect(setTimeoutSpy.mock.calls.at(-1)?.[1]).toBe(2 ** 31 - 1);
    jest.advanceTimersByTime(2 ** 31 - 2);
    await flushMicrotasks();
    expect(waiting.state).toBe('pending');
    setTimeoutSpy.mockRestore();
  });

  it('knows nothing of spans it does not track', () => {
    expect(new ConfirmationTracker(1000).wait(ctx(1))).toBeUndefined();
  });

  it('times out after the default or the given timeout with a message saying what is missing', async () => {
    const tracker = new ConfirmationTracker(1000);
    const key = tracker.track(ctx(1));
    const byDefault = observe(tracker.wait(ctx(1))!);
    const short = observe(tracker.wait(ctx(1), { timeoutMs: 10 })!);
    await jest.advanceTimersByTimeAsync(10);
    expect(short.state).toBe('rejected');
    expect(short.error).toBeInstanceOf(ConfirmationTimeoutError);
    expect((short.error as Error).message).toBe(
      `agent-otel: span ${ctx(1).spanId} was not confirmed within 10 ms (not yet durable on disk; the backend has not answered yet). ` +
        'It stays in the write-ahead log and will be exported when the backend accepts it.',
    );
    tracker.markDurable(key);
    tracker.noteExportError(key, 'OTLP export failed: 503');
    await jest.advanceTimersByTimeAsync(989);
    expect(byDefault.state).toBe('pending');
    await jest.advanceTimersByTimeAsync(1);
    expect(byDefault.error).toMatchObject({ name: 'ConfirmationTimeoutError', timeoutMs: 1000, durable: true, lastExportError: 'OTLP export failed: 503' });
    expect((byDefault.error as Error).message).toMatch(/within 1000 ms \(durable on disk; last export error: OTLP export failed: 503\)/);
    // A timed-out waiter is gone: confirming later resolves a new waiter and touches no old one.
    const again = observe(tracker.wait(ctx(1))!);
    tracker.markAcknowledged(key);
    await flushMicrotasks();
    expect(again.state).toBe('resolved');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejects present and future waiters of a span that failed, even if it is acknowledged afterwards', async () => {
    const tracker = new ConfirmationTracker(1000);
    const key = tracker.track(ctx(1));
    const before = observe(tracker.wait(ctx(1))!);
    const failure = new ConfirmationError('not written');
    tracker.fail(key, failure);
    tracker.fail(key, new ConfirmationError('second failure is ignored'));
    tracker.markDurable(key);
    tracker.markAcknowledged(key);
    await expect(tracker.wait(ctx(1))).rejects.toBe(failure);
    expect(before.error).toBe(failure);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejectAll rejects every unconfirmed span and leaves confirmed ones confirmed', async () => {
    const tracker = new ConfirmationTracker(1000);
    const done = tracker.track(ctx(1));
    tracker.track(ctx(2));
    tracker.markDurable(done);
    tracker.markAcknowledged(done);
    const waiting = observe(tracker.wait(ctx(2))!);
    tracker.rejectAll('shut down');
    await flushMicrotasks();
    expect(waiting.error).toEqual(new ConfirmationError('shut down'));
    await expect(tracker.wait(ctx(1))).resolves.toBeUndefined();
    await expect(tracker.wait(ctx(2))).rejects.toThrow('shut down');
  });

  it('remembers the last 10000 settled spans for late callers and forgets older ones', async () => {
    const tracker = new ConfirmationTracker(1000);
    for (let i = 1; i <= 10001; i++) {
      const key = tracker.track(ctx(i));
      tracker.markDurable(key);
      tracker.markAcknowledged(key);
    }
    expect(tracker.wait(ctx(1))).toBeUndefined();
    await expect(tracker.wait(ctx(2))).resolves.toBeUndefined();
    await expect(tracker.wait(ctx(10001))).resolves.toBeUndefined();
  });

  it('remembers a failed span once, even when its record is acknowledged afterwards', async () => {
    const tracker = new ConfirmationTracker(1000);
    const failed = tracker.track(ctx(0));
    tracker.fail(failed, new ConfirmationError('not durable'));
    tracker.markDurable(failed);
    tracker.markAcknowledged(failed);
    for (let i = 1; i <= 9999; i++) {
      const key = tracker.track(ctx(i));
      tracker.markDurable(key);
      tracker.markAcknowledged(key);
    }
    await expect(tracker.wait(ctx(0))).rejects.toThrow('not durable'); // still among the last 10000
  });

  it('does not forget an unsettled span while settled ones come and go', async () => {
    const tracker = new ConfirmationTracker(1000);
    const slow = tracker.track(ctx(0));
    for (let i = 1; i <= 10001; i++) {
      const key = tracker.track(ctx(i));
      tracker.markDurable(key);
      tracker.markAcknowledged(key);
    }
    const waiting = observe(tracker.wait(ctx(0))!);
    tracker.markDurable(slow);
    tracker.markAcknowledged(slow);
    await flushMicrotasks();
    expect(waiting.state).toBe('resolved');
  });
});

describe('confirmed()', () => {
  it('asks every registered source and rejects with ConfirmationError when none knows the span', async () => {
    const known = Promise.resolve();
    const remove = [addConfirmationSource({ confirmation: () => undefined }), addConfirmationSource({ confirmation: (c) => (c.spanId === ctx(7).spanId ? known : undefined) })];
    try {
      expect(confirmed(ctx(7))).toBe(known);
      await expect(confirmed(ctx(8))).rejects.toThrow(ConfirmationError);
    } finally {
      for (const r of remove) r();
    }
    await expect(confirmed(ctx(7))).rejects.toThrow(`agent-otel: span ${ctx(7).spanId} cannot be confirmed`);
  });
});
