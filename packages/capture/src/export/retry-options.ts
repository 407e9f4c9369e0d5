/** Retry policy of `OtlpHttpSpanExporter`. Every field is optional; the defaults are stated on each. */
export interface RetryOptions {
  /** Attempts per request, the first included; 1 disables retries. Default 5. */
  maxAttempts?: number;
  /** Upper bound of the first backoff, in ms. Default 1000. */
  initialBackoffMs?: number;
  /** Upper bound of any backoff, in ms. Default 5000. */
  maxBackoffMs?: number;
  /** Growth of the backoff bound per attempt. Default 2. */
  backoffMultiplier?: number;
  /**
   * Longest `Retry-After` honoured, in ms; a longer one is shortened to this. Either way a retry
   * that would start after the export timeout is not made (the request is given up). Default 30000.
   */
  maxRetryAfterMs?: number;
}

/** `RetryOptions` with defaults applied and values checked. */
export type ResolvedRetryOptions = Readonly<Required<RetryOptions>>;

/** Default value of every `RetryOptions` field. */
export const RETRY_DEFAULTS: ResolvedRetryOptions = {
  maxAttempts: 5,
  initialBackoffMs: 1000,
  maxBackoffMs: 5000,
  backoffMultiplier: 2,
  maxRetryAfterMs: 30000,
};

/**
 * Applies the defaults and rejects impossible values with an error naming the option.
 * @throws RangeError on a value out of range or `initialBackoffMs` above `maxBackoffMs`.
 */
export function resolveRetryOptions(options: RetryOptions = {}, owner = 'OtlpHttpSpanExporter'): ResolvedRetryOptions {
  const resolved = { ...RETRY_DEFAULTS, ...stripUndefined(options) };
  const check = (name: keyof RetryOptions, ok: (v: number) => boolean, rule: string): void => {
    const value = resolved[name];
    if (typeof value !== 'number' || !ok(value)) {
      throw new RangeError(`${owner}: option retry.${name} must be ${rule}, got ${String(value)}`);
    }
  };
  check('maxAttempts', (v) => Number.isSafeInteger(v) && v >= 1, 'an integer >= 1');
  check('initialBackoffMs', (v) => Number.isFinite(v) && v >= 0, 'a number of milliseconds >= 0');
  check('maxBackoffMs', (v) => Number.isFinite(v) && v >= 0, 'a number of milliseconds >= 0');
  check('backoffMultiplier', (v) => Number.isFinite(v) && v >= 1, 'a number >= 1');
  check('maxRetryAfterMs', (v) => Number.isFinite(v) && v >= 0, 'a number of milliseconds >= 0');
  if (resolved.initialBackoffMs > resolved.maxBackoffMs) {
    throw new RangeError(`${owner}: option retry.initialBackoffMs (${resolved.initialBackoffMs}) cannot exceed retry.maxBackoffMs (${resolved.maxBackoffMs})`);
  }
  return resolved;
}

/**
 * Backoff before retry number `retry` (1 for the first retry), with full jitter: uniform in
 * [0, min(maxBackoffMs, initialBackoffMs × backoffMultiplier^(retry − 1))). `random` returns [0, 1).
 */
export function backoffMs(retry: number, options: ResolvedRetryOptions, random: () => number): number {
  const bound = Math.min(options.maxBackoffMs, options.initialBackoffMs * options.backoffMultiplier ** (retry - 1));
  return Math.floor(random() * bound);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
