/**
 * A backend that rejects records for good (a 4xx other than 408/429): the batch is narrowed down to
 * the record it rejects, which is dropped, counted and reported, so it cannot hold back the rest of
 * the log. Retryable failures keep everything (see complete.test.ts).
 */
import { confirmed, ConfirmationError } from '../../src/confirmation';
import { endSpans } from '../helpers/span-factory';
import { CRITICAL, spanNamesOf } from '../helpers/wal-processor-harness';
import { useWalProcessorTestbed } from '../helpers/wal-processor-testbed';

describe('WalSpanProcessor with a backend that rejects records for good', () => {
  const bed = useWalProcessorTestbed();

  it('re-sends a rejected batch one record at a time and drops only the record rejected again', async () => {
    const { processor, tracer } = bed.open();
    endSpans(tracer, 3, 'poison');
    bed.sink.script({ status: 400, body: 'bad span' }, { status: 400, body: 'bad span' });
    await processor.forceFlush();
    await processor.forceFlush();
    const stats = processor.stats();
    expect(stats.rejected).toBe(1);
    expect(stats.acknowledged).toBe(2);
    expect(stats.pending).toBe(0);
    // One batch request, then one request per record.
    expect(bed.sink.requests).toHaveLength(4);
    expect(spanNamesOf(bed.sink.requests.slice(1)).sort()).toEqual(['poison-0', 'poison-1', 'poison-2']);
    expect(bed.diag.error.filter((m) => /rejected a write-ahead-log record for good/.test(m))).toHaveLength(1);
    expect(bed.diag.error.join('\n')).toMatch(/\(record \d+: .*400/);
  });

  it('keeps exporting later records after a rejection', async () => {
    const { processor, tracer } = bed.open();
    endSpans(tracer, 1, 'bad');
    bed.sink.script({ status: 413 });
    await processor.forceFlush();
    endSpans(tracer, 2, 'good');
    await processor.forceFlush();
    expect(processor.stats()).toMatchObject({ rejected: 1, acknowledged: 2, pending: 0 });
    expect(spanNamesOf(bed.sink.requests.slice(-1))).toEqual(['good-0', 'good-1']);
  });

  it('rejects the confirmation of a critical span the backend rejects', async () => {
    const { tracer } = bed.open();
    bed.sink.script({ status: 400 });
    const span = tracer.startSpan('charge', { attributes: CRITICAL });
    span.end();
    const confirmation = confirmed(span.spanContext());
    await expect(confirmation).rejects.toBeInstanceOf(ConfirmationError);
    await expect(confirmation).rejects.toThrow(/the backend rejected the critical span for good/);
  });
});
