import type { Attributes, Tracer } from '@opentelemetry/api';
import {
  AlwaysOnSampler,
  BasicTracerProvider,
  InMemorySpanExporter,
  SamplingDecision,
  SimpleSpanProcessor,
  type ReadableSpan,
  type Sampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** Records spans without sampling them: the SDK calls `onEnd` but the sampled flag is off. */
export const RECORD_ONLY_SAMPLER: Sampler = {
  shouldSample: () => ({ decision: SamplingDecision.RECORD }),
  toString: () => 'RecordOnlySampler',
};

/** A provider sending every span to `processor`, and a tracer from it. */
export function tracerWith(processor: SpanProcessor, sampler: Sampler = new AlwaysOnSampler()): { provider: BasicTracerProvider; tracer: Tracer } {
  const provider = new BasicTracerProvider({ spanProcessors: [processor], sampler });
  return { provider, tracer: provider.getTracer('span-factory-test', '1.0.0') };
}

/** Starts and ends `count` spans named `${prefix}-0` … `${prefix}-${count - 1}`, in that order. */
export function endSpans(tracer: Tracer, count: number, prefix = 'span', attributes?: Attributes): void {
  for (let i = 0; i < count; i++) tracer.startSpan(`${prefix}-${i}`, { attributes }).end();
}

/** `count` finished, sampled spans named `${prefix}-i`, as the SDK hands them to processors. */
export function makeSpans(count: number, prefix = 'span', attributes?: Attributes): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const { tracer } = tracerWith(new SimpleSpanProcessor(memory));
  endSpans(tracer, count, prefix, attributes);
  return memory.getFinishedSpans();
}

/** The names of `spans`, in order. */
