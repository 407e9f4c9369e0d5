/**
 * `agent-otel traces` and `agent-otel wal replay` against a real Jaeger v2: spans sent with the
 * OTLP exporter, and spans replayed from a WAL, come back as a tree and as JSON.
 */
import { OtlpHttpSpanExporter } from '@agent-otel/capture';
import { JaegerClient } from '../../src/jaeger/jaeger-client';
import { runCli } from '../../src/program';
import { MemoryOutput } from '../helpers/memory-output';
import { RecordingServer } from '../helpers/recording-server';
import { encodeEach, makeTrace, writeWal } from '../helpers/span-wal';
import { TempDirs } from '../helpers/temp-dirs';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startJaeger } = require('../../../../scripts/jaeger') as {
  startJaeger(): Promise<{ otlpHttpUrl: string; queryUrl: string; stop(): Promise<void> }>;
};

const dirs = new TempDirs();
afterAll(() => dirs.cleanup());

async function cli(...args: string[]): Promise<{ code: number; output: MemoryOutput }> {
  const output = new MemoryOutput();
  const code = await runCli(args, output);
  return { code, output };
}

describe('agent-otel traces (e2e, real Jaeger)', () => {
  let jaeger: { otlpHttpUrl: string; queryUrl: string; stop(): Promise<void> };
  let client: JaegerClient;

  beforeAll(async () => {
    jaeger = await startJaeger();
    client = new JaegerClient({ url: jaeger.queryUrl });
  });

  afterAll(async () => {
    await jaeger?.stop();
  });

  it('prints a trace sent with the OTLP exporter as a tree, and as JSON', async () => {
    const spans = makeTrace(2, 'exported-service');
    const traceId = spans[0].spanContext().traceId;
    const exporter = new OtlpHttpSpanExporter({ url: `${jaeger.otlpHttpUrl}/v1/traces` });
    const result = await new Promise<{ code: number }>((resolve) => exporter.export(spans, resolve));
    await exporter.shutdown();
    expect(result.code).toBe(0);
    expect(await client.waitForTrace(traceId, { minSpans: 3, settleMillis: 200 })).toHaveLength(3);

    const tree = await cli('traces', traceId, '--jaeger', jaeger.queryUrl);
    expect(tree.code).toBe(0);
    expect(tree.output.outLines[0]).toBe(`trace ${traceId} · 3 spans · exported-service`);
    expect(tree.output.outLines[1]).toMatch(/^\[exported-service\] agent-run \(internal, [\d.]+ ms\)/);
    expect(tree.output.outLines[2]).toMatch(/^├─ \[exported-service\] step-1 \(internal, [\d.]+ ms\) {2}gen_ai\.request\.model=gpt-4o-mini gen_ai\.usage\.input_tokens=10$/);
    expect(tree.output.outLines[3]).toMatch(/^└─ \[exported-service\] step-2 .* gen_ai\.usage\.input_tokens=20$/);
    expect(tree.output.outLines[4]).toBe(`${jaeger.queryUrl}/trace/${traceId}`);

    const json = await cli('traces', traceId.toUpperCase(), '--jaeger', jaeger.queryUrl, '--json');
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.output.stdout) as { traceId: string; spanId: string; parentSpanId: string; name: string; startNanos: string }[];
    expect(parsed.map((s) => s.name).sort()).toEqual(['agent-run', 'step-1', 'step-2']);
    expect(new Set(parsed.map((s) => s.traceId))).toEqual(new Set([traceId]));
    const root = parsed.find((s) => s.name === 'agent-run')!;
    expect(parsed.filter((s) => s.parentSpanId === root.spanId)).toHaveLength(2);
    expect(root.startNanos).toMatch(/^\d{19}$/);
  });

  it('replays a WAL into Jaeger, after which the trace is there and nothing is pending', async () => {
    const spans = makeTrace(3, 'replayed-service');
    const traceId = spans[0].spanContext().traceId;
    const dir = dirs.walDir();
    writeWal(dir, { payloads: encodeEach(spans) });

    const replay = await cli('wal', 'replay', dir, '--endpoint', jaeger.otlpHttpUrl, '--batch-bytes', '1');
    expect(replay.code).toBe(0);
    expect(replay.output.stdout).toMatch(/^replayed 4 records .* in 4 batches .*; 0 records left pending$/);
    expect(await client.waitForTrace(traceId, { minSpans: 4, settleMillis: 200 })).toHaveLength(4);

    const tree = await cli('traces', traceId, '--jaeger', jaeger.queryUrl);
    expect(tree.code).toBe(0);
    expect(tree.output.stdout).toContain('[replayed-service] agent-run');
    expect(tree.output.outLines.filter((line) => /^[├└]─ \[replayed-service\] step-\d/.test(line))).toHaveLength(3);

    const inspect = await cli('wal', 'inspect', dir, '--json');
    expect(JSON.parse(inspect.output.stdout)).toMatchObject({ pending: 0, acknowledgedThrough: 4 });
  });

  it('exits 1 with a clear message for a trace Jaeger does not know', async () => {
    const unknown = 'abcdef0123456789abcdef0123456789';
    const { code, output } = await cli('traces', unknown, '--jaeger', jaeger.queryUrl);
    expect(code).toBe(1);
    expect(output.stdout).toBe('');
    expect(output.stderr).toBe(`agent-otel: trace ${unknown} is not in Jaeger at ${jaeger.queryUrl} (unknown id, expired from storage, or its spans were not exported yet)`);
  });

  it('exits 1 with a clear message when Jaeger is unreachable', async () => {
    const recorder = await RecordingServer.start();
    const url = recorder.origin;
    await recorder.close(); // a port where nothing listens
    const { code, output } = await cli('traces', 'abcdef0123456789abcdef0123456789', '--jaeger', url);
    expect(code).toBe(1);
    expect(output.stderr).toMatch(new RegExp(`^agent-otel: Jaeger at ${url} is not reachable: .*--jaeger takes the base URL of Jaeger's query service`));
  });

  it('exits 1 when the URL answers but is not Jaeger', async () => {
    const recorder = await RecordingServer.start();
    recorder.script({ status: 502 });
    try {
      const { code, output } = await cli('traces', 'abcdef0123456789abcdef0123456789', '--jaeger', recorder.origin);
      expect(code).toBe(1);
      expect(output.stderr).toMatch(/^agent-otel: Jaeger answered 502 for \/api\/v3\/traces\/abcdef0123456789abcdef0123456789/);
    } finally {
      await recorder.close();
    }
  });

  it('exits 2 for a malformed trace id without asking Jaeger', async () => {
    const { code, output } = await cli('traces', 'not-a-trace-id', '--jaeger', 'http://127.0.0.1:1');
    expect(code).toBe(2);
    expect(output.stderr).toBe('agent-otel: TRACE_ID must be 32 hex characters (not all zero), got "not-a-trace-id"');
  });
});
