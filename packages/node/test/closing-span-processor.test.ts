import { ROOT_CONTEXT } from '@opentelemetry/api';
import type { ReadableSpan, SdkSpan, SpanProcessor } from '@agent-otel/capture';
import { ClosingSpanProcessor } from '../src/closing-span-processor';

function recordingProcessor(calls: string[], shutdownError?: Error): SpanProcessor {
  return {
    onStart: () => void calls.push('start'),
    onEnding: () => void calls.push('ending'),
    onEnd: () => void calls.push('end'),
    forceFlush: async () => void calls.push('flush'),
    shutdown: async () => {
      calls.push('shutdown');
      if (shutdownError) throw shutdownError;
    },
  };
}

describe('ClosingSpanProcessor', () => {
  const span = {} as SdkSpan;

  it('passes every hook to the inner processor and closes after its shutdown', async () => {
    const calls: string[] = [];
    const p = new ClosingSpanProcessor(recordingProcessor(calls), async () => void calls.push('close'));
    p.onStart(span, ROOT_CONTEXT);
    p.onEnding(span);
    p.onEnd(span as ReadableSpan);
    await p.forceFlush();
    await p.shutdown();
    expect(calls).toEqual(['start', 'ending', 'end', 'flush', 'shutdown', 'close']);
  });

  it('closes even when the inner shutdown fails, and passes the failure on', async () => {
    const calls: string[] = [];
    const p = new ClosingSpanProcessor(recordingProcessor(calls, new Error('inner failed')), async () => void calls.push('close'));
    await expect(p.shutdown()).rejects.toThrow('inner failed');
    expect(calls).toEqual(['shutdown', 'close']);
  });

  it('tolerates an inner processor without onEnding', () => {
    const inner = recordingProcessor([]);
    delete inner.onEnding;
    expect(() => new ClosingSpanProcessor(inner, async () => {}).onEnding(span)).not.toThrow();
  });
});
