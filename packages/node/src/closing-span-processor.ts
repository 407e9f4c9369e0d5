import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, SdkSpan, SpanProcessor } from '@agent-otel/capture';

/**
 * Wraps a processor and releases one more resource after the processor has shut down — the
 * separate sender of WAL records, which must outlive the WAL's last export. With it the whole
 * chain shuts down through the provider's `shutdown()`, whoever owns the provider.
 */
export class ClosingSpanProcessor implements SpanProcessor {
  constructor(
    private readonly inner: SpanProcessor,
    private readonly close: () => Promise<void>,
  ) {}

  onStart(span: SdkSpan, parentContext: Context): void {
    this.inner.onStart(span, parentContext);
  }

  onEnding(span: SdkSpan): void {
    this.inner.onEnding?.(span);
  }

  onEnd(span: ReadableSpan): void {
    this.inner.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  async shutdown(): Promise<void> {
    try {
      await this.inner.shutdown();
    } finally {
      await this.close();
    }
  }
}
