import { trace, type AttributeValue, type Attributes, type Tracer } from '@opentelemetry/api';
import type { CaptureMode } from '@agent-otel/capture';
import { isCaptureMode } from '@agent-otel/capture/internal';
import { ATTR_CAPTURE_MODE } from './attributes';
import { TRACER_NAME, VERSION } from './version';

/** Options every span helper takes. */
export interface CommonSpanOptions {
  /**
   * Capture mode of this span, written as `agent_otel.capture.mode` when it starts. Applies to this
   * span only; use `withCaptureMode` from `@agent-otel/capture` for a whole scope.
   * Default: none written (the mode then comes from the context scope or the configuration).
   */
  capture?: CaptureMode;
  /**
   * Extra attributes set when the span starts. Where one names the same attribute as a dedicated
   * option, the dedicated option wins. Default: none.
   */
  attributes?: Attributes;
  /** Tracer to start the span with. Default: `trace.getTracer('@agent-otel/genai', VERSION)`. */
  tracer?: Tracer;
}

/** Chat messages or instructions: a JSON string as is, or an array serialized to JSON. */
export type GenAiContent = string | readonly unknown[];

/** The tracer of `options`, else the global one for this package. */
export function tracerOf(options: CommonSpanOptions): Tracer {
  return options.tracer ?? trace.getTracer(TRACER_NAME, VERSION);
}

/**
 * The attributes a helper's span starts with: `options.attributes`, then `own` (undefined values
 * left out), then the capture mode. Throws a TypeError naming `helper` when `options.capture` is not
 * a capture mode, before any span exists.
 */
export function startAttributes(helper: string, options: CommonSpanOptions, own: Readonly<Record<string, AttributeValue | undefined>>): Attributes {
  const attributes: Attributes = { ...options.attributes };
  for (const key of Object.keys(own)) {
    const value = own[key];
    if (value !== undefined) attributes[key] = value;
  }
  if (options.capture !== undefined) {
    if (!isCaptureMode(options.capture)) {
      throw new TypeError(`${helper}: option "capture" must be 'sampled', 'complete' or 'critical'; got ${safeJson(options.capture)}`);
    }
    attributes[ATTR_CAPTURE_MODE] = options.capture;
  }
  return attributes;
}

/** `prefix subject`, or `prefix` alone when there is no subject. */
export function spanName(prefix: string, subject: string | undefined): string {
  return subject ? `${prefix} ${subject}` : prefix;
}

/** `value` when it is a finite number, else undefined. */
export function finiteNumber(value: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
