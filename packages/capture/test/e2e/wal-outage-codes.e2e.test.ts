/**
 * Durable means durable: in complete mode a backend that answers 401 (a rotated token) or 404 (a
 * proxy with a wrong route) for a while costs no span. A gateway answers with that status while
 * spans are ended, then forwards to a real Jaeger; every span must be in Jaeger, none quarantined.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { context, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { OtlpHttpSpanExporter, WalSpanProcessor } from '../../src';
import { RefusingGateway } from '../helpers/refusing-gateway';
import { WalTempDirs } from '../helpers/wal-temp-dir';
import { checkInJaeger, killJaeger, startJaeger, type Jaeger } from '../helpers/wal-processor-jaeger';

const SPANS = 2500;
const TRACES = 25;
const REFUSING_MS = 3000;

describe('complete mode through 401 and 404 answers (e2e, real Jaeger)', () => {
  let jaeger: Jaeger;
  const dirs = new WalTempDirs();

  beforeAll(async () => {
    jaeger = await startJaeger();
  }, 60000);

  afterAll(async () => {
    await killJaeger(jaeger);
    dirs.cleanup();
  });

  it.each([401, 404])(
    'loses 0 of %i-answered spans: kept in the WAL, delivered once the backend accepts',
    async (status) => {
      const dir = dirs.make();
      const gateway = await RefusingGateway.start(`${jaeger.otlpHttpUrl}/v1/traces`, status);
      const exporter = new OtlpHttpSpanExporter({ url: gateway.url, timeoutMillis: 5000 });
      const wal = new WalSpanProcessor({ wal: { dir }, sender: exporter, exportIntervalMs: 100, maxRetryDelayMs: 1000, maxExportBatchBytes: 256 * 1024 });
      const provider = new BasicTracerProvider({ spanProcessors: [wal] });
      const tracer = provider.getTracer('wal-outage-e2e');
      const printed: { traceId: string; spanId: string }[] = [];
      const started = Date.now();
      try {
        // Spans end throughout the refusing window, in TRACES traces.
        for (let t = 0; t < TRACES; t++) {
          const root = tracer.startSpan(`outage-${status}-trace-${t}`);
          const { traceId } = root.spanContext();
          for (let i = 0; i < SPANS / TRACES - 1; i++) {
            const child = tracer.startSpan(`step-${i}`, { attributes: { 'test.step': i } }, trace.setSpan(context.active(), root));
            child.end();
            printed.push({ traceId, spanId: child.spanContext().spanId });
          }
          root.end();
          printed.push({ traceId, spanId: root.spanContext().spanId });
          await sleep(REFUSING_MS / TRACES / 2);
        }
        while (Date.now() - started < REFUSING_MS) await sleep(50);
        const during = wal.stats();
        expect(gateway.refused).toBeGreaterThan(1);
        expect(during).toMatchObject({ appended: SPANS, acknowledged: 0, quarantined: 0, pending: SPANS });

        gateway.accept();
        const deadline = Date.now() + 30000;
        while (wal.stats().pending > 0 && Date.now() < deadline) await sleep(100);
        const check = await checkInJaeger(jaeger, printed);
        console.log(
          `WAL through HTTP ${status} e2e: ${SPANS} spans ended while refusing for ${REFUSING_MS} ms; ${gateway.refused} requests refused, ` +
            `${during.failedExports} failed exports; after accept: ${check.missing.length} missing, ${check.duplicates} duplicates in Jaeger`,
        );
        expect(wal.stats()).toMatchObject({ acknowledged: SPANS, pending: 0, quarantined: 0, degraded: 0 });
        expect(check.missing).toEqual([]);
        expect(fs.existsSync(path.join(dir, 'quarantine'))).toBe(false);
      } finally {
        await provider.shutdown();
        await gateway.close();
      }
    },
    90000,
  );
});
