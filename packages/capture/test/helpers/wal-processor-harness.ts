/**
 * Building blocks for WalSpanProcessor tests: a recording wrapper around the real HTTP exporter, the
 * spans a sink received (decoded with the official schema), polling on real time (unaffected by
 * jest fake timers), and a recorder for diag messages.
 */
import { diag, DiagLogLevel, type SpanContext } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { setTimeout as realSetTimeout } from 'node:timers';
import { ATTR_CAPTURE_MODE } from '../../src/capture-mode';
import { confirmed, ConfirmationTimeoutError } from '../../src/confirmation';
import type { EncodedSpanSender } from '../../src/encoded-span-sender';
import { OtlpHttpSpanExporter } from '../../src/export/otlp-http-span-exporter';
import { decodeTraceRequest, type CanonicalSpan } from './otlp-proto-decoder';
import type { SinkRequest } from './otlp-sink-server';

/** Attributes that make a span critical when given at start. */
export const CRITICAL = { [ATTR_CAPTURE_MODE]: 'critical' } as const;

/** The real HTTP exporter with one attempt per request, so every failure reaches the processor. */
export function exporterTo(url: string, timeoutMillis = 2000): OtlpHttpSpanExporter {
  return new OtlpHttpSpanExporter({ url, timeoutMillis, retry: { maxAttempts: 1 } });
}

/** Wraps a sender and records every `sendEncoded` call synchronously, as it is made. */
export class RecordingSender implements EncodedSpanSender {
  /** Bytes of each call, in order. */
  readonly calls: Buffer[] = [];
  /** Outcome of each finished call, in order of completion. */
  readonly results: ExportResult[] = [];

  constructor(private readonly inner: EncodedSpanSender) {}

  sendEncoded(bytes: Uint8Array): Promise<ExportResult> {
    this.calls.push(Buffer.from(bytes));
    return this.inner.sendEncoded(bytes).then((result) => {
      this.results.push(result);
      return result;
    });
  }
}

/** The spans of `requests`, in order, decoded independently of the encoder under test. */
export function spansOf(requests: readonly (SinkRequest | Buffer)[]): CanonicalSpan[] {
  const out: CanonicalSpan[] = [];
  for (const request of requests) {
    const body = Buffer.isBuffer(request) ? request : request.body;
    for (const rs of decodeTraceRequest(body).resourceSpans) for (const ss of rs.scopeSpans) out.push(...ss.spans);
  }
  return out;
}

/** Names of the spans in `requests`, in order. */
export function spanNamesOf(requests: readonly (SinkRequest | Buffer)[]): string[] {
  return spansOf(requests).map((s) => s.name);
}

/** `traceId:spanId` of a span context, as decoded spans give them. */
export function idOf(span: { spanContext(): SpanContext } | SpanContext | CanonicalSpan): string {
  const ctx = 'spanContext' in span ? span.spanContext() : span;
  return `${ctx.traceId}:${ctx.spanId}`;
}

/** Waits on real time (every 5 ms, about `timeoutMs` in all) until `condition()` holds; throws naming `what` otherwise. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10000): Promise<void> {
  for (let waited = 0; !condition(); waited += 5) {
    if (waited >= timeoutMs) throw new Error(`timed out after ~${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => realSetTimeout(resolve, 5));
  }
}

/**
 * Waits (asking with short timeouts) until the confirmation of a critical span reports it durable on
 * disk while not yet confirmed, and returns that timeout error; throws if it gets confirmed instead.
 */
export async function waitUntilDurableUnconfirmed(spanContext: SpanContext, attempts = 500): Promise<ConfirmationTimeoutError> {
  for (let i = 0; i < attempts; i++) {
    const error = await confirmed(spanContext, { timeoutMs: 10 }).then(
      () => {
        throw new Error(`span ${spanContext.spanId} was confirmed`);
      },
      (e: unknown) => e,
    );
    if (!(error instanceof ConfirmationTimeoutError)) throw error;
    if (error.durable) return error;
  }
  throw new Error(`span ${spanContext.spanId} did not become durable`);
}

/** Tracks whether a promise settled, without awaiting it. */
export function observe<T>(promise: Promise<T>): { readonly state: 'pending' | 'resolved' | 'rejected'; readonly error: unknown } {
  const o = { state: 'pending' as 'pending' | 'resolved' | 'rejected', error: undefined as unknown };
  promise.then(
    () => (o.state = 'resolved'),
    (err: unknown) => {
      o.state = 'rejected';
      o.error = err;
    },
  );
  return o;
}

/** Lets pending promise callbacks and I/O callbacks that are already due run. */
export function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Records diag messages by level; `install()` in beforeEach, `diag.disable()` in afterEach. */
export class DiagRecorder {
  readonly warn: string[] = [];
  readonly error: string[] = [];

  install(): this {
    diag.setLogger(
      {
        warn: (m: string) => this.warn.push(m),
        error: (m: string) => this.error.push(m),
        info: () => undefined,
        debug: () => undefined,
        verbose: () => undefined,
      },
      DiagLogLevel.WARN,
    );
    return this;
  }

  /** Every warning and error, in one list. */
  all(): string[] {
    return [...this.warn, ...this.error];
  }
}

/** A processor that keeps the spans it receives (a stand-in for the ring buffer as fallback). */
export class CollectingProcessor implements SpanProcessor {
  readonly ended: ReadableSpan[] = [];
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.ended.push(span);
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}
