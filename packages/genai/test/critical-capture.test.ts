import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { CaptureRouter, ConfirmationError, ConfirmationTimeoutError, OtlpHttpSpanExporter, RingBufferSpanProcessor, WalSpanProcessor } from '@agent-otel/capture';
import { traceTool } from '../src/trace-tool';
import { TempDirs } from './helpers/temp-dirs';

const tempDirs = new TempDirs('agent-otel-genai-critical-');

/** A real OTLP/HTTP endpoint whose answers the test releases by hand. */
async function startGatedSink() {
  const held: http.ServerResponse[] = [];
  let received = 0;
  let autoStatus: number | undefined;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      if (autoStatus !== undefined) res.writeHead(autoStatus).end();
      else held.push(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`,
    received: () => received,
    /** From now on, answers every request at once with `status`. */
    answerAll(status: number) {
      autoStatus = status;
      this.release(status);
    },
    release(status = 200) {
      for (const res of held.splice(0)) res.writeHead(status, { 'content-type': 'application/x-protobuf' }).end();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of held.splice(0)) res.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('helpers with capture: critical', () => {
  let dir: string;
  let sink: Awaited<ReturnType<typeof startGatedSink>>;
  let provider: BasicTracerProvider;

  beforeEach(async () => {
    dir = tempDirs.make();
    sink = await startGatedSink();
    const exporter = new OtlpHttpSpanExporter({ url: sink.url, timeoutMillis: 5000, retry: { maxAttempts: 1 } });
    const ring = new RingBufferSpanProcessor(exporter);
    const wal = new WalSpanProcessor({ wal: { dir }, sender: exporter, fallback: ring, confirmTimeoutMs: 3000 });
    provider = new BasicTracerProvider({ spanProcessors: [new CaptureRouter({ sampled: ring, complete: wal, critical: wal })] });
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(provider);
  });

  afterEach(async () => {
    sink.answerAll(200);
    await provider.shutdown();
    await sink.close();
    trace.disable();
    context.disable();
    tempDirs.cleanup();
  });

  it('resolves only after the backend accepted the span', async () => {
    let settled = false;
    const result = traceTool({ name: 'charge_card', capture: 'critical' }, async () => 'charged').then((v) => {
      settled = true;
      return v;
    });
    await waitUntil(() => sink.received() === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    sink.release(200);
    await expect(result).resolves.toBe('charged');
  });

  it('rejects with the confirmation error when the backend does not accept the span in time', async () => {
    const result = traceTool({ name: 'charge_card', capture: 'critical' }, async () => 'charged');
    await waitUntil(() => sink.received() === 1);
    sink.release(503);
    await expect(result).rejects.toBeInstanceOf(ConfirmationTimeoutError);
  }, 10000);

  it('keeps a span the backend refuses with no neighbour to compare (it stays in the WAL): the confirmation times out naming the 400', async () => {
    const result = traceTool({ name: 'charge_card', capture: 'critical' }, async () => 'charged');
    await waitUntil(() => sink.received() === 1);
    sink.release(400);
    await expect(result).rejects.toBeInstanceOf(ConfirmationTimeoutError);
    await expect(result).rejects.toThrow(/last export error: .*HTTP 400/);
  }, 10000);

  it('rethrows the function error after the confirmation of the failed span', async () => {
    const failure = new Error('card declined');
    const result = traceTool({ name: 'charge_card', capture: 'critical' }, async () => {
      throw failure;
    });
    await waitUntil(() => sink.received() === 1);
    sink.release(200);
    await expect(result).rejects.toBe(failure);
  });

  it('does not wait for spans in other modes', async () => {
    await expect(traceTool({ name: 'lookup' }, async () => 'ok')).resolves.toBe('ok');
    await expect(traceTool({ name: 'lookup', capture: 'complete' }, async () => 'ok')).resolves.toBe('ok');
  });

  it('rejects with ConfirmationError when no WAL pipeline captures the span', async () => {
    trace.setGlobalTracerProvider(new BasicTracerProvider());
    trace.disable();
    trace.setGlobalTracerProvider(new BasicTracerProvider());
    await expect(traceTool({ name: 'charge_card', capture: 'critical' }, async () => 'x')).rejects.toBeInstanceOf(ConfirmationError);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
