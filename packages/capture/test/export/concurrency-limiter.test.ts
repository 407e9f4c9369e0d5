import { ConcurrencyLimiter } from '../../src/export/concurrency-limiter';

describe('ConcurrencyLimiter', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('grants up to the limit at once and queues the rest, first come first served', async () => {
    const limiter = new ConcurrencyLimiter(2);
    const order: string[] = [];
    const grant = (name: string): Promise<void> => limiter.acquire(10000).then((ok) => void order.push(`${name}:${ok}`));
    const all = [grant('a'), grant('b'), grant('c'), grant('d')];
    await Promise.resolve();
    expect(order).toEqual(['a:true', 'b:true']);
    expect(limiter.active).toBe(2);
    expect(limiter.waiting).toBe(2);
    limiter.release();
    await Promise.resolve();
    expect(order).toEqual(['a:true', 'b:true', 'c:true']);
    expect(limiter.active).toBe(2);
    limiter.release();
    await Promise.all(all);
    expect(order).toEqual(['a:true', 'b:true', 'c:true', 'd:true']);
    limiter.release();
    limiter.release();
    expect(limiter.active).toBe(0);
  });

  it('gives up a wait after its timeout without taking a slot', async () => {
    const limiter = new ConcurrencyLimiter(1);
    await limiter.acquire(1000);
    const waiting = limiter.acquire(1000);
    jest.advanceTimersByTime(1000);
    await expect(waiting).resolves.toBe(false);
    expect(limiter.waiting).toBe(0);
    limiter.release();
    expect(limiter.active).toBe(0);
    await expect(limiter.acquire(1000)).resolves.toBe(true);
  });
});
