import type { SpanContext } from '@opentelemetry/api';

/** Raised when a critical span's confirmation does not arrive in time; the span stays in the WAL. */
export class ConfirmationTimeoutError extends Error {
  constructor(
    readonly spanId: string,
    readonly timeoutMs: number,
    readonly durable: boolean,
    readonly lastExportError?: string,
  ) {
    super(
      `agent-otel: span ${spanId} was not confirmed within ${timeoutMs} ms ` +
        `(${durable ? 'durable on disk' : 'not yet durable on disk'}; ` +
        `${lastExportError ? `last export error: ${lastExportError}` : 'the backend has not answered yet'}). ` +
        'It stays in the write-ahead log and will be exported when the backend accepts it.',
    );
    this.name = 'ConfirmationTimeoutError';
  }
}

/** Raised when a span cannot be confirmed at all (not captured as critical, or not written). */
export class ConfirmationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfirmationError';
  }
}

/** Options of {@link confirmed}. */
export interface ConfirmOptions {
  /** How long to wait, in ms. Default: the processor's `confirmTimeoutMs` (10000). */
  timeoutMs?: number;
}

/** Something that can confirm critical spans: a WalSpanProcessor. */
export interface ConfirmationSource {
  /** The confirmation of the span, or undefined when this source never saw it. */
  confirmation(spanContext: SpanContext, options?: ConfirmOptions): Promise<void> | undefined;
}

const sources = new Set<ConfirmationSource>();

/** Makes a source's spans confirmable through {@link confirmed}; returns the function that removes it. */
export function addConfirmationSource(source: ConfirmationSource): () => void {
  sources.add(source);
  return () => sources.delete(source);
}

/**
 * Resolves when a span captured in `critical` mode is durable on disk (fdatasync) and the backend
 * has acknowledged it with a 2xx answer; rejects with {@link ConfirmationTimeoutError} when that does
 * not happen within the timeout, and with {@link ConfirmationError} when the span was not captured
 * as critical (e.g. it went to the ring buffer). Call it after `span.end()`.
 */
export function confirmed(spanContext: SpanContext, options?: ConfirmOptions): Promise<void> {
  for (const source of sources) {
    const confirmation = source.confirmation(spanContext, options);
    if (confirmation) return confirmation;
  }
  return Promise.reject(
    new ConfirmationError(
      `agent-otel: span ${spanContext.spanId} cannot be confirmed: it was not captured in critical mode by a running ` +
        'WalSpanProcessor (was it ended, and routed with capture mode critical?)',
    ),
  );
}
