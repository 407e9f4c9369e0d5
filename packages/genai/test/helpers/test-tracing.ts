import { context, diag, DiagLogLevel, propagation, trace, type Context, type DiagLogger } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { GenAiSpanProcessor, type GenAiSpanProcessorOptions } from '../../src/genai-span-processor';

/** A real tracer provider with a GenAiSpanProcessor and an in-memory exporter, registered globally. */
export interface TestTracing {
  readonly processor: GenAiSpanProcessor;
  readonly exporter: InMemorySpanExporter;
  /** Every finished span, in end order. */
  spans(): ReadableSpan[];
  /** The one finished span called `name`; fails the test when there is not exactly one. */
  span(name: string): ReadableSpan;
  /** Shuts the provider down and unregisters the globals. */
  tearDown(): Promise<void>;
}

/** Registers a provider whose processors are `[GenAiSpanProcessor(options), SimpleSpanProcessor(memory)]`. */
export function setUpTracing(options?: GenAiSpanProcessorOptions): TestTracing {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const exporter = new InMemorySpanExporter();
  // The request roll-up has its own tests; here it would add agent_otel.request.* to every root span.
  const processor = new GenAiSpanProcessor({ requestRollup: false, ...options });
  const provider = new BasicTracerProvider({ spanProcessors: [processor, new SimpleSpanProcessor(exporter)] });
  trace.setGlobalTracerProvider(provider);
  return {
    processor,
    exporter,
    spans: () => exporter.getFinishedSpans(),
    span(name: string): ReadableSpan {
      const found = exporter.getFinishedSpans().filter((s) => s.name === name);
      if (found.length !== 1) {
        const names = exporter.getFinishedSpans().map((s) => s.name);
        throw new Error(`expected one span named ${JSON.stringify(name)}, found ${found.length} among ${JSON.stringify(names)}`);
      }
      return found[0];
    },
    async tearDown(): Promise<void> {
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}

/** The active context with `entries` as W3C baggage. */
export function contextWithBaggage(entries: Record<string, string>): Context {
  const baggage = propagation.createBaggage(Object.fromEntries(Object.entries(entries).map(([key, value]) => [key, { value }])));
  return propagation.setBaggage(context.active(), baggage);
}

/** A diag logger that keeps every warning; installed globally until `diag.disable()`. */
export function captureDiagWarnings(): string[] {
  const warnings: string[] = [];
  const ignore = (): void => undefined;
  const logger: DiagLogger = {
    error: (message) => warnings.push(message),
    warn: (message) => warnings.push(message),
    info: ignore,
    debug: ignore,
    verbose: ignore,
  };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  return warnings;
}
