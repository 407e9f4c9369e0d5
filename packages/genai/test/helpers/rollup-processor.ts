import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { RequestRollup } from '../../src/outcome/request-rollup';

/** A span processor that hands every hook to a RequestRollup, as GenAiSpanProcessor is meant to. */
export class RollupProcessor implements SpanProcessor {
  constructor(private readonly rollup: RequestRollup) {}

  onStart(span: Span, parentContext: Context): void {
    this.rollup.onStart(span, parentContext);
  }

  onEnding(span: Span): void {
    this.rollup.onEnding(span);
  }

  onEnd(span: ReadableSpan): void {
    this.rollup.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
