import { diag, DiagLogLevel } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { OtlpHttpSpanExporter } from '../../src/export/otlp-http-span-exporter';
import { readPartialSuccess } from '../../src/export/otlp-partial-success';
import { OtlpSinkServer } from '../helpers/otlp-sink-server';
import { makeSpans } from '../helpers/span-factory';

/** An `ExportTraceServiceResponse` with `partial_success { rejected_spans, error_message }`. */
function partialSuccess(rejected: number, message: string): Buffer {
  const text = Buffer.from(message, 'utf8');
  const inner = Buffer.concat([Buffer.from([0x08, rejected]), Buffer.from([0x12, text.length]), text]);
  return Buffer.concat([Buffer.from([0x0a, inner.length]), inner]);
}

const exportOnce = (exporter: OtlpHttpSpanExporter, spans: ReadableSpan[]) => new Promise<ExportResult>((resolve) => exporter.export(spans, resolve));

describe('OtlpHttpSpanExporter and OTLP partial_success', () => {
  let sink: OtlpSinkServer;
  let exporter: OtlpHttpSpanExporter;
  const warnings: string[] = [];
  beforeEach(async () => {
    sink = await OtlpSinkServer.start();
    exporter = new OtlpHttpSpanExporter({ url: sink.url, retry: { maxAttempts: 1 } });
    warnings.length = 0;
    diag.setLogger({ error() {}, warn: (m: string) => warnings.push(m), info() {}, debug() {}, verbose() {} }, DiagLogLevel.WARN);
  });
  afterEach(async () => {
    diag.disable();
    await exporter.shutdown();
    await sink.close();
  });

  it('counts the spans a 200 answer rejects and reports the first such answer once through diag', async () => {
    sink.script({ body: partialSuccess(2, 'span too large') });
    sink.script({ body: partialSuccess(3, 'again') });
    expect((await exportOnce(exporter, makeSpans(5, 'a'))).code).toBe(ExportResultCode.SUCCESS);
    expect((await exportOnce(exporter, makeSpans(5, 'b'))).code).toBe(ExportResultCode.SUCCESS);
    expect(exporter.stats()).toMatchObject({ sent: 2, failed: 0, rejectedSpans: 5 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${sink.url} accepted an OTLP export but rejected 2 of its spans (partial_success): span too large`);
  });

  it('counts partial successes of WAL records sent with sendEncoded too', async () => {
    sink.script({ body: partialSuccess(1, '') });
    expect((await exporter.sendEncoded(new Uint8Array(0))).code).toBe(ExportResultCode.SUCCESS);
    expect(exporter.stats().rejectedSpans).toBe(1);
  });

  it('ignores an empty answer, a partial_success that reports nothing, and a body that is not protobuf', async () => {
    sink.script({ body: Buffer.from([0x0a, 0x00]) });
    sink.script({ body: 'OK, thanks' });
    await exportOnce(exporter, makeSpans(1, 'c'));
    await exportOnce(exporter, makeSpans(1, 'd'));
    await exportOnce(exporter, makeSpans(1, 'e'));
    expect(exporter.stats()).toMatchObject({ sent: 3, rejectedSpans: 0 });
    expect(warnings).toEqual([]);
  });

  it('does not read the body of a failed answer as a partial success', async () => {
    sink.script({ status: 400, body: partialSuccess(4, 'bad') });
    expect((await exportOnce(exporter, makeSpans(1, 'f'))).code).toBe(ExportResultCode.FAILED);
    expect(exporter.stats().rejectedSpans).toBe(0);
  });

  it('reads rejected_spans and error_message, and a warning without rejected spans', () => {
    expect(readPartialSuccess(partialSuccess(7, 'x'))).toEqual({ rejectedSpans: 7, errorMessage: 'x' });
    expect(readPartialSuccess(partialSuccess(0, 'only a warning'))).toEqual({ rejectedSpans: 0, errorMessage: 'only a warning' });
    expect(readPartialSuccess(new Uint8Array(0))).toBeUndefined();
    expect(readPartialSuccess(Uint8Array.from([0x0a, 0x05, 0x08]))).toBeUndefined();
  });
});
