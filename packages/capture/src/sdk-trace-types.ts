/**
 * The trace SDK types agent-otel's processors and exporters are written against, declared here
 * structurally instead of imported from an SDK package. They are the `ReadableSpan`, `Span`,
 * `SpanProcessor`, `SpanExporter` and `TimedEvent` of `@opentelemetry/sdk-trace` (the same on the
 * OTel JS 2.12+ and 3.x lines), minus what agent-otel never reads, so:
 * - the published `.d.ts` files resolve with `@opentelemetry/api` and `@opentelemetry/core` alone,
 *   whatever SDK line (or none) the application installed;
 * - the SDK's own spans, processors and exporters of either line are assignable to these types, and
 *   ours to the SDK's (`new TracerProvider({ spanProcessors: [new GenAiSpanProcessor()] })`).
 * The resource and instrumentation scope are typed by the members read from them.
 */
import type { Attributes, Context, HrTime, Link, Span as ApiSpan, SpanContext, SpanKind, SpanStatus } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';

/** An event recorded on a span, with its time. */
export interface TimedEvent {
  time: HrTime;
  /** The name of the event. */
  name: string;
  /** The attributes of the event. */
  attributes?: Attributes;
  /** Attributes dropped by the SDK's limits. */
  droppedAttributesCount?: number;
}

/** The resource of a span: its attributes and schema URL; resource detection may still be pending. */
export interface SpanResource {
  readonly attributes: Attributes;
  readonly schemaUrl?: string;
  /** True while async resource attributes are still being detected. */
  readonly asyncAttributesPending?: boolean;
  /** Resolves when async resource detection has finished; never rejects. */
  waitForAsyncAttributes?(): Promise<void>;
}

/** The instrumentation scope (tracer name, version, schema URL) a span was created by. */
export interface SpanInstrumentationScope {
  readonly name: string;
  readonly version?: string;
  readonly schemaUrl?: string;
}

/** A span as processors see it in `onEnd` and exporters receive it. */
export interface ReadableSpan {
  readonly name: string;
  readonly kind: SpanKind;
  readonly spanContext: () => SpanContext;
  readonly parentSpanContext?: SpanContext;
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly status: SpanStatus;
  readonly attributes: Attributes;
  readonly links: Link[];
  readonly events: TimedEvent[];
  readonly duration: HrTime;
  readonly ended: boolean;
  readonly resource: SpanResource;
  readonly instrumentationScope: SpanInstrumentationScope;
  readonly droppedAttributesCount: number;
  readonly droppedEventsCount: number;
  readonly droppedLinksCount: number;
}

/** A span as processors see it in `onStart` and `onEnding`: the API span plus its readable state. */
export type Span = ApiSpan & ReadableSpan;

/** The SDK's span processor interface: synchronous hooks at span start, ending and end. */
export interface SpanProcessor {
  /** Exports everything finished so far. */
  forceFlush(): Promise<void>;
  /** Called when a recording span starts. */
  onStart(span: Span, parentContext: Context): void;
  /** Called while a recording span is ending, when its attributes can still be changed. */
  onEnding?(span: Span): void;
  /** Called when a recording span has ended. */
  onEnd(span: ReadableSpan): void;
  /** Flushes and releases everything; called when the provider shuts down. */
  shutdown(): Promise<void>;
}

/** The SDK's span exporter interface. */
export interface SpanExporter {
  /** Exports a batch of spans and reports the outcome through `resultCallback`, exactly once. */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void;
  /** Stops the exporter. */
  shutdown(): Promise<void>;
  /** Exports everything pending now. */
  forceFlush?(): Promise<void>;
}
