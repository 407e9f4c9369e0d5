/**
 * Critical mode: made durable, exported at once, and confirmable with `confirmed()` — resolving only
 * after the backend's 2xx, rejecting with a clear error on timeout or when the span cannot be confirmed.
 */
import { ATTR_CAPTURE_MODE } from '../../src/capture-mode';
import { CaptureRouter } from '../../src/capture-router';
import { confirmed, ConfirmationError, ConfirmationTimeoutError } from '../../src/confirmation';
import { inspectWal } from '../../src/wal/inspect';
import { tracerWith } from '../helpers/span-factory';
import { CollectingProcessor, CRITICAL, flushMicrotasks, idOf, observe, spanNamesOf, spansOf, waitUntil, waitUntilDurableUnconfirmed } from '../helpers/wal-processor-harness';
import { SwitchableBackend } from '../helpers/wal-processor-switchable-backend';
import { useWalProcessorTestbed } from '../helpers/wal-processor-testbed';

describe('WalSpanProcessor, critical mode', () => {
  const bed = useWalProcessorTestbed();

  it('confirms a span only after the backend answered 2xx, and exports it without waiting for the interval', async () => {
    let answer!: () => void;
    bed.sink.script({ until: new Promise<void>((resolve) => (answer = resolve)) });
    const { dir, processor, tracer } = bed.open(); // export interval: one hour
    const span = tracer.startSpan('pay', { attributes: CRITICAL });
    span.end();
    expect(inspectWal(dir).pending).toBe(1);
    const confirmation = observe(confirmed(span.spanContext()));
    await bed.sink.waitForRequests(1);
    expect(spansOf(bed.sink.requests).map(idOf)).toEqual([idOf(span)]);
    // Durable on disk, request received, not answered: a short wait times out saying exactly that.
    expect(await waitUntilDurableUnconfirmed(span.spanContext())).toMatchObject({ durable: true, lastExportError: undefined });
    expect(confirmation.state).toBe('pending');
    expect(processor.stats()).toMatchObject({ acknowledged: 0, pending: 1 });
    answer();
    await confirmed(span.spanContext());
    expect(processor.stats()).toMatchObject({ appended: 1, critical: 1, acknowledged: 1, pending: 0 });
  });

  it('sends the critical spans ended together in one request, and confirms each', async () => {
    const { tracer } = bed.open();
    const spans = Array.from({ length: 5 }, (_, i) => tracer.startSpan(`step-${i}`, { attributes: CRITICAL }));
    for (const span of spans) span.end();
    await Promise.all(spans.map((span) => confirmed(span.spanContext())));
    expect(bed.sink.requests).toHaveLength(1);
    expect(spansOf(bed.sink.requests).map(idOf)).toEqual(spans.map(idOf));
  });

  it('answers a late call to confirmed() at once once the span is confirmed', async () => {
    const { tracer } = bed.open();
    const span = tracer.startSpan('late', { attributes: CRITICAL });
    span.end();
    await confirmed(span.spanContext());
    const again = observe(confirmed(span.spanContext()));
    await flushMicrotasks();
    expect(again.state).toBe('resolved');
  });

  it('rejects with ConfirmationTimeoutError when the backend does not answer in time, and still exports the span later', async () => {
    bed.sink.script({ hang: true });
    const { processor, tracer } = bed.open({ requestTimeoutMs: 1000, exportIntervalMs: 20, maxRetryDelayMs: 50 });
    const span = tracer.startSpan('slow-backend', { attributes: CRITICAL });
    span.end();
    await waitUntilDurableUnconfirmed(span.spanContext());
    const error = await confirmed(span.spanContext(), { timeoutMs: 150 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfirmationTimeoutError);
    expect(error).toMatchObject({ spanId: span.spanContext().spanId, timeoutMs: 150, durable: true });
    // Unless the machine is so slow that the hung request already timed out, the backend has not answered.
    expect((error as Error).message).toMatch(
      new RegExp(
        `^agent-otel: span ${span.spanContext().spanId} was not confirmed within 150 ms ` +
          '\\(durable on disk; (the backend has not answered yet|last export error: .*timed out.*)\\)\\. ' +
          'It stays in the write-ahead log and will be exported when the backend accepts it\\.$',
      ),
    );
    // The hung request times out, the record is sent again and accepted: a later wait succeeds.
    await waitUntil(() => processor.stats().acknowledged === 1, 'the span to be acknowledged after the retry');
    await confirmed(span.spanContext());
    expect(bed.sink.requests).toHaveLength(2);
    expect(spansOf(bed.sink.requests.slice(1)).map(idOf)).toEqual([idOf(span)]);
  });

  it('names the last export error when the backend is down, and confirms once it is back', async () => {
    const backend = await SwitchableBackend.start(bed.sink.url);
    try {
      await backend.down();
      const { processor, tracer } = bed.open({ url: backend.url, exportIntervalMs: 20, maxRetryDelayMs: 50 });
      const span = tracer.startSpan('backend-down', { attributes: CRITICAL });
      span.end();
      await waitUntil(() => processor.stats().failedExports >= 1, 'a refused export');
      // Long enough for the fsync on a loaded machine, so the message can say the span is durable.
      const error = await confirmed(span.spanContext(), { timeoutMs: 1000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfirmationTimeoutError);
      expect((error as Error).message).toMatch(/not confirmed within 1000 ms \(durable on disk; last export error: .*ECONNREFUSED/);
      await backend.up();
      await confirmed(span.spanContext(), { timeoutMs: 5000 });
      expect(spansOf(bed.sink.requests).map(idOf)).toEqual([idOf(span)]);
    } finally {
      await backend.down();
    }
  });

  it('rejects with ConfirmationError for spans that were not captured as critical', async () => {
    const { processor } = bed.open();
    const sampled = new CollectingProcessor();
    const { tracer } = tracerWith(new CaptureRouter({ sampled, complete: processor, critical: processor }));
    const ringSpan = tracer.startSpan('sampled-span');
    ringSpan.end();
    const completeSpan = tracer.startSpan('complete-span', { attributes: { [ATTR_CAPTURE_MODE]: 'complete' } });
    completeSpan.end();
    const criticalSpan = tracer.startSpan('critical-span', { attributes: CRITICAL });
    criticalSpan.end();
    expect(sampled.ended.map((s) => s.name)).toEqual(['sampled-span']);
    for (const span of [ringSpan, completeSpan]) {
      const error = await confirmed(span.spanContext()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfirmationError);
      expect((error as Error).message).toBe(
        `agent-otel: span ${span.spanContext().spanId} cannot be confirmed: it was not captured in critical mode by a running ` +
          'WalSpanProcessor (was it ended, and routed with capture mode critical?)',
      );
    }
    await confirmed(criticalSpan.spanContext());
    expect(processor.stats()).toMatchObject({ appended: 2, critical: 1 });
  });

  it('rejects waiting confirmations when the processor shuts down first; the span stays in the WAL', async () => {
    const backend = await SwitchableBackend.start(bed.sink.url);
    await backend.down();
    const { dir, processor, tracer } = bed.open({ url: backend.url });
    const span = tracer.startSpan('unconfirmed', { attributes: CRITICAL });
    span.end();
    const confirmation = confirmed(span.spanContext(), { timeoutMs: 60_000 }).catch((e: unknown) => e);
    await processor.shutdown();
    const error = await confirmation;
    expect(error).toBeInstanceOf(ConfirmationError);
    expect((error as Error).message).toMatch(/shut down before the span was confirmed; it stays in the write-ahead log/);
    expect(inspectWal(dir).pending).toBe(1);
    // The processor is no longer a confirmation source.
    await expect(confirmed(span.spanContext())).rejects.toThrow(/cannot be confirmed/);
  });
});

describe('WalSpanProcessor critical requests', () => {
  const bed = useWalProcessorTestbed();

  it('splits critical spans ended together into requests of at most maxExportBatchBytes', async () => {
    const { tracer } = bed.open({ maxExportBatchBytes: 1000, maxQueuedBytes: 1_000_000 });
    const spans = Array.from({ length: 8 }, (_, i) => {
      const span = tracer.startSpan(`crit-${i}`, { attributes: { ...CRITICAL, pad: 'x'.repeat(300) } });
      span.end();
      return span;
    });
    await Promise.all(spans.map((s) => confirmed(s.spanContext())));
    expect(bed.sink.requests.length).toBeGreaterThan(1);
    for (const request of bed.sink.requests) expect(request.body.byteLength).toBeLessThanOrEqual(1000);
    // Requests run concurrently, so they may arrive in any order; each span arrives once.
    expect(spanNamesOf(bed.sink.requests).sort()).toEqual(spans.map((_, i) => `crit-${i}`).sort());
  });
});
