import { backoffMs, RETRY_DEFAULTS, resolveRetryOptions } from '../../src/export/retry-options';

describe('resolveRetryOptions', () => {
  it('applies the documented defaults', () => {
    expect(resolveRetryOptions()).toEqual({ maxAttempts: 5, initialBackoffMs: 1000, maxBackoffMs: 5000, backoffMultiplier: 2, maxRetryAfterMs: 30000 });
    expect(resolveRetryOptions({ maxAttempts: 2, initialBackoffMs: undefined })).toEqual({ ...RETRY_DEFAULTS, maxAttempts: 2 });
  });

  it.each([
    [{ maxAttempts: 0 }, /retry\.maxAttempts must be an integer >= 1, got 0/],
    [{ maxAttempts: 2.5 }, /retry\.maxAttempts/],
    [{ initialBackoffMs: -1 }, /retry\.initialBackoffMs/],
    [{ maxBackoffMs: Number.NaN }, /retry\.maxBackoffMs/],
    [{ backoffMultiplier: 0.5 }, /retry\.backoffMultiplier must be a number >= 1/],
    [{ maxRetryAfterMs: -1 }, /retry\.maxRetryAfterMs/],
    [{ initialBackoffMs: 6000 }, /retry\.initialBackoffMs \(6000\) cannot exceed retry\.maxBackoffMs \(5000\)/],
  ])('rejects %p', (options, message) => {
    expect(() => resolveRetryOptions(options)).toThrow(message);
  });
});

describe('backoffMs', () => {
  const options = resolveRetryOptions();

  it('grows the bound exponentially up to maxBackoffMs', () => {
    const almostOne = (): number => 0.999999;
    expect([1, 2, 3, 4, 5].map((retry) => backoffMs(retry, options, almostOne))).toEqual([999, 1999, 3999, 4999, 4999]);
  });

  it('draws uniformly below the bound (full jitter)', () => {
    expect(backoffMs(3, options, () => 0)).toBe(0);
    expect(backoffMs(3, options, () => 0.5)).toBe(2000);
  });
});
