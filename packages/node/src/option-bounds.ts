import { MAX_TIMER_MS, RING_BUFFER_DEFAULTS, WAL_PROCESSOR_DEFAULTS } from '@agent-otel/capture/internal';
import { InvalidOptionError } from './invalid-option-error';

/** The range of one numeric option. Time values are capped by setTimeout's limit, {@link MAX_TIMER_MS}. */
export interface NumberBounds {
  readonly min: number;
  /** The minimum itself is not allowed (a fraction in (0, 1]). */
  readonly minExclusive?: boolean;
  readonly max: number;
  readonly integer: boolean;
  /** What the number counts, for messages: `ms`, `bytes`, `spans`, ... */
  readonly unit: string;
  /** The default, as the README states it. */
  readonly defaultText: string;
}

const ms = (defaultMs: number): NumberBounds => ({ min: 1, max: MAX_TIMER_MS, integer: false, unit: 'ms', defaultText: String(defaultMs) });

/** Largest ring buffer: a million span references (8 MB of slots), allocated up front. */
const MAX_BUFFER_SIZE = 1_000_000;

/**
 * Bounds of every numeric option of register(), by option path. Environment values outside them
 * are reported and replaced (see from-env.ts); options given in code outside them throw.
 */
export const OPTION_BOUNDS = {
  shutdownTimeoutMillis: ms(5000),
  'exporter.timeoutMillis': ms(10000),
  'capture.ringBuffer.bufferSize': { min: 1, max: MAX_BUFFER_SIZE, integer: true, unit: 'spans', defaultText: String(RING_BUFFER_DEFAULTS.bufferSize) },
  'capture.ringBuffer.flushIntervalMs': ms(RING_BUFFER_DEFAULTS.flushIntervalMs),
  'capture.ringBuffer.flushThreshold': { min: 0, minExclusive: true, max: 1, integer: false, unit: 'fill fraction', defaultText: String(RING_BUFFER_DEFAULTS.flushThreshold) },
  'capture.ringBuffer.maxExportBatchSize': {
    min: 1,
    max: MAX_BUFFER_SIZE,
    integer: true,
    unit: 'spans',
    defaultText: `${RING_BUFFER_DEFAULTS.maxExportBatchSize} (at most the buffer size)`,
  },
  'capture.ringBuffer.maxConcurrentExports': { min: 1, max: 64, integer: true, unit: 'exports', defaultText: String(RING_BUFFER_DEFAULTS.maxConcurrentExports) },
  'capture.ringBuffer.exportTimeoutMs': ms(RING_BUFFER_DEFAULTS.exportTimeoutMs),
  'capture.ringBuffer.forceFlushTimeoutMs': ms(RING_BUFFER_DEFAULTS.forceFlushTimeoutMs),
  'capture.ringBuffer.shutdownTimeoutMs': ms(RING_BUFFER_DEFAULTS.shutdownTimeoutMs),
  'capture.wal.maxBytes': { min: 64 * 1024, max: 2 ** 40, integer: true, unit: 'bytes', defaultText: '256 MiB' },
  'capture.wal.segmentBytes': { min: 4096, max: 2 ** 30, integer: true, unit: 'bytes', defaultText: '16 MiB (at most a quarter of maxBytes)' },
  'capture.wal.confirmTimeoutMs': ms(WAL_PROCESSOR_DEFAULTS.confirmTimeoutMs),
  'genai.limits.maxAttributeValueLength': { min: 1, max: 2 ** 30, integer: true, unit: 'characters', defaultText: 'of the GenAI processor' },
} as const satisfies Record<string, NumberBounds>;

/** A numeric option of register(). */
export type NumericOption = keyof typeof OPTION_BOUNDS;

/** `an integer in [1, 1000000]`, `a number of ms in [1, 2147483647]`, `a fill fraction in (0, 1]`. */
export function describeBounds(b: NumberBounds): string {
  const what = b.integer ? `an integer (${b.unit})` : b.unit === 'ms' ? 'a number of ms' : `a ${b.unit}`;
  return `${what} in ${b.minExclusive ? '(' : '['}${b.min}, ${b.max}]`;
}

/** True when `value` is a number inside `b`. */
function withinBounds(value: number, b: NumberBounds): boolean {
  return typeof value === 'number' && Number.isFinite(value) && (!b.integer || Number.isInteger(value)) && (b.minExclusive ? value > b.min : value >= b.min) && value <= b.max;
}

/** Throws {@link InvalidOptionError} naming `option` when a given value is outside its bounds. */
export function checkNumberOption(option: NumericOption, value: unknown): void {
  if (value === undefined) return;
  const b: NumberBounds = OPTION_BOUNDS[option];
  if (typeof value !== 'number' || !withinBounds(value, b)) {
    throw new InvalidOptionError(option, `must be ${describeBounds(b)}, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
  }
}
