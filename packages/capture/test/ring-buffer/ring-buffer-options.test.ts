import { RING_BUFFER_DEFAULTS, resolveRingBufferOptions } from '../../src/ring-buffer-options';

describe('resolveRingBufferOptions', () => {
  it('applies the documented defaults', () => {
    expect(resolveRingBufferOptions()).toEqual({
      bufferSize: 2048,
      flushIntervalMs: 500,
      flushThreshold: 0.5,
      flushThresholdCount: 1024,
      maxExportBatchSize: 512,
      maxConcurrentExports: 2,
      exportTimeoutMs: 30000,
      forceFlushTimeoutMs: 30000,
      shutdownTimeoutMs: 30000,
    });
    expect(RING_BUFFER_DEFAULTS.bufferSize).toBe(2048);
  });

  it('turns the threshold fraction into a span count of at least 1', () => {
    expect(resolveRingBufferOptions({ bufferSize: 10, flushThreshold: 0.25 }).flushThresholdCount).toBe(3);
    expect(resolveRingBufferOptions({ bufferSize: 10, flushThreshold: 0.01 }).flushThresholdCount).toBe(1);
    expect(resolveRingBufferOptions({ bufferSize: 10, flushThreshold: 1 }).flushThresholdCount).toBe(10);
  });

  it('lowers the default batch size to a smaller buffer', () => {
    expect(resolveRingBufferOptions({ bufferSize: 100 }).maxExportBatchSize).toBe(100);
  });

  it('rejects an explicit batch size above the buffer size, naming both options', () => {
    expect(() => resolveRingBufferOptions({ bufferSize: 100, maxExportBatchSize: 101 })).toThrow(/maxExportBatchSize \(101\) cannot exceed bufferSize \(100\)/);
  });

  it.each([
    [{ bufferSize: 0 }, /bufferSize must be an integer >= 1, got 0/],
    [{ bufferSize: 1.5 }, /bufferSize/],
    [{ bufferSize: Number.NaN }, /bufferSize/],
    [{ flushIntervalMs: 0 }, /flushIntervalMs must be a number of milliseconds/],
    [{ flushIntervalMs: 2 ** 31 }, /flushIntervalMs/],
    [{ flushThreshold: 0 }, /flushThreshold must be a fill fraction in \(0, 1\], got 0/],
    [{ flushThreshold: 1.5 }, /flushThreshold/],
    [{ flushThreshold: Number.NaN }, /flushThreshold/],
    [{ maxExportBatchSize: 0 }, /maxExportBatchSize must be an integer/],
    [{ maxConcurrentExports: 0 }, /maxConcurrentExports must be an integer >= 1/],
    [{ exportTimeoutMs: -1 }, /exportTimeoutMs/],
    [{ exportTimeoutMs: Number.POSITIVE_INFINITY }, /exportTimeoutMs/],
    [{ forceFlushTimeoutMs: 0 }, /forceFlushTimeoutMs/],
    [{ shutdownTimeoutMs: 0 }, /shutdownTimeoutMs/],
    [{ bufferSize: '10' as unknown as number }, /bufferSize/],
  ])('rejects %p', (options, message) => {
    expect(() => resolveRingBufferOptions(options)).toThrow(RangeError);
    expect(() => resolveRingBufferOptions(options)).toThrow(message);
  });
});
