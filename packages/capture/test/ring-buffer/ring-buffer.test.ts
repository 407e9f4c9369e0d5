import { RingBuffer } from '../../src/ring-buffer';

describe('RingBuffer', () => {
  it('returns entries oldest first and reports no overwrite while there is room', () => {
    const ring = new RingBuffer<number>(4);
    expect([1, 2, 3].map((n) => ring.push(n))).toEqual([false, false, false]);
    expect(ring.size).toBe(3);
    expect(ring.take(2)).toEqual([1, 2]);
    expect(ring.take(10)).toEqual([3]);
    expect(ring.size).toBe(0);
    expect(ring.take(10)).toEqual([]);
  });

  it('overwrites the oldest entry when full and says so each time', () => {
    const ring = new RingBuffer<number>(3);
    const overwrote = [1, 2, 3, 4, 5].map((n) => ring.push(n));
    expect(overwrote).toEqual([false, false, false, true, true]);
    expect(ring.size).toBe(3);
    expect(ring.take(3)).toEqual([3, 4, 5]);
  });

  it('keeps order across many wrap-arounds of interleaved pushes and takes', () => {
    const ring = new RingBuffer<number>(5);
    const taken: number[] = [];
    let next = 0;
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < (round % 4) + 1; i++) ring.push(next++);
      taken.push(...ring.take((round % 3) + 1));
    }
    taken.push(...ring.take(5));
    expect(taken).toEqual([...taken].sort((a, b) => a - b));
    expect(new Set(taken).size).toBe(taken.length);
  });

  it('releases taken entries so the ring does not keep them alive', () => {
    const ring = new RingBuffer<object>(2);
    ring.push({});
    ring.push({});
    ring.take(2);
    expect((ring as unknown as { slots: unknown[] }).slots).toEqual([undefined, undefined]);
  });

  it('works with a single slot', () => {
    const ring = new RingBuffer<string>(1);
    expect(ring.push('a')).toBe(false);
    expect(ring.push('b')).toBe(true);
    expect(ring.take(1)).toEqual(['b']);
  });
});
