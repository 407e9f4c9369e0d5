import { context, createContextKey, type Context } from '@opentelemetry/api';

/**
 * How a span is captured (DESIGN §4):
 * - `sampled`: ring buffer, end() returns at once, a crash may lose the last flush window.
 * - `complete`: appended to the write-ahead log before end() returns; survives kill -9.
 * - `critical`: as `complete`, made durable with fdatasync and exported at once; callers can await
 *   the backend's confirmation.
 */
export type CaptureMode = 'sampled' | 'complete' | 'critical';

/** Every capture mode, cheapest first. */
export const CAPTURE_MODES: readonly CaptureMode[] = ['sampled', 'complete', 'critical'];

/** Span attribute that records the capture mode a span was routed with. */
export const ATTR_CAPTURE_MODE = 'agent_otel.capture.mode';

/** Context key behind {@link withCaptureMode}. */
const CAPTURE_MODE_KEY = createContextKey('agent_otel.capture.mode');

/** True when `value` names a capture mode. */
export function isCaptureMode(value: unknown): value is CaptureMode {
  return value === 'sampled' || value === 'complete' || value === 'critical';
}

/** Returns a context in which spans started are captured in `mode`. */
function setCaptureMode(ctx: Context, mode: CaptureMode): Context {
  return ctx.setValue(CAPTURE_MODE_KEY, mode);
}

/** The capture mode set on `ctx` by {@link withCaptureMode} or {@link setCaptureMode}, if any. */
export function getCaptureMode(ctx: Context): CaptureMode | undefined {
  const mode = ctx.getValue(CAPTURE_MODE_KEY);
  return isCaptureMode(mode) ? mode : undefined;
}

/**
 * Runs `fn` in a context where every span started (directly or by instrumentations) is captured
 * in `mode`, unless a span states its own mode explicitly.
 */
export function withCaptureMode<T>(mode: CaptureMode, fn: () => T): T {
  if (!isCaptureMode(mode)) {
    throw new TypeError(`withCaptureMode: unknown capture mode ${JSON.stringify(mode)}; expected one of ${CAPTURE_MODES.join(', ')}`);
  }
  return context.with(setCaptureMode(context.active(), mode), fn);
}
