/**
 * Zipkin export against a real Zipkin server (scripts/zipkin.js): the two example services with
 * OTEL_TRACES_EXPORTER=zipkin, read back from Zipkin's API with the GenAI attributes as tags and the
 * parent links across both services; and spans captured in complete and critical mode, which reach
 * Zipkin through the write-ahead log — also after the process that wrote them was killed.
 */
import * as path from 'node:path';
import { startExample } from '../../../../examples/two-service-agent/src/run-all';
import { crash, emitSpans } from '../helpers/emit-spans';
import { TempDirs } from '../helpers/temp-dirs';

const tempDirs = new TempDirs('agent-otel-zipkin-e2e-');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startZipkin } = require('../../../../scripts/zipkin');

interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name: string;
  kind?: string;
  localEndpoint: { serviceName: string };
  tags?: Record<string, string>;
}

/** Polls Zipkin until the trace has at least `minSpans` spans (Zipkin stores asynchronously). */
async function waitForTrace(url: string, traceId: string, minSpans: number, timeoutMs = 20000): Promise<ZipkinSpan[]> {
  const deadline = Date.now() + timeoutMs;
  let spans: ZipkinSpan[] = [];
  while (Date.now() < deadline) {
    const res = await fetch(`${url}/api/v2/trace/${traceId}`);
    if (res.ok) {
      spans = (await res.json()) as ZipkinSpan[];
      if (spans.length >= minSpans) return spans;
    } else {
      await res.arrayBuffer();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Zipkin has ${spans.length} spans of trace ${traceId}, expected at least ${minSpans}`);
}

describe('Zipkin export (e2e, real Zipkin)', () => {
  let zipkin: { url: string; spansUrl: string; stop(): Promise<void> };
  let stateHome: string;
  beforeAll(async () => {
    zipkin = await startZipkin();
    stateHome = tempDirs.make();
  }, 180000);
  afterAll(async () => {
    await zipkin?.stop();
    tempDirs.cleanup();
  });

  describe('the two example services', () => {
    let spans: ZipkinSpan[];
    let answer: { traceId: string; degraded: boolean };
    beforeAll(async () => {
      const example = await startExample({ env: { OTEL_TRACES_EXPORTER: 'zipkin', OTEL_EXPORTER_ZIPKIN_ENDPOINT: zipkin.spansUrl } });
      try {
        const res = await fetch(`${example.agentUrl}/ask`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', baggage: 'session.id=sess-zipkin-1,tenant.id=acme' },
          body: JSON.stringify({ question: 'Can I fly from Berlin to Lisbon, and what is the weather in Lisbon?' }),
        });
        expect(res.status).toBe(200);
        answer = await res.json();
      } finally {
        await example.stop(); // SIGTERM flushes what the services buffered
      }
      spans = await waitForTrace(zipkin.url, answer.traceId, 10);
    }, 90000);

    it('puts the spans of both services into one trace with one root', () => {
      expect(answer.degraded).toBe(false);
      expect(new Set(spans.map((s) => s.localEndpoint.serviceName))).toEqual(new Set(['agent-service', 'tools-service']));
      const roots = spans.filter((s) => s.parentId === undefined);
      expect(roots).toHaveLength(1);
      expect(roots[0]).toMatchObject({ kind: 'SERVER', localEndpoint: { serviceName: 'agent-service' } });
    });

    it('keeps every parent link inside the trace, across the two services', () => {
      const ids = new Set(spans.map((s) => s.id));
      for (const span of spans) if (span.parentId !== undefined) expect(ids.has(span.parentId)).toBe(true);
      const toolServers = spans.filter((s) => s.localEndpoint.serviceName === 'tools-service' && s.kind === 'SERVER');
      expect(toolServers).toHaveLength(2);
      for (const server of toolServers) {
        const parent = spans.find((s) => s.id === server.parentId)!;
        expect(parent).toMatchObject({ kind: 'CLIENT', localEndpoint: { serviceName: 'agent-service' } });
      }
    });

    it('shows model, tokens and cost of the LLM call as tags', () => {
      const llm = spans.find((s) => s.name === 'chat gpt-4o-mini');
      expect(llm?.kind).toBe('CLIENT');
      const tags = llm!.tags!;
      expect(tags).toMatchObject({
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.request.temperature': '0.2',
      });
      const input = Number(tags['gen_ai.usage.input_tokens']);
      const output = Number(tags['gen_ai.usage.output_tokens']);
      expect(input).toBeGreaterThan(0);
      expect(output).toBeGreaterThan(0);
      expect(Number(tags['agent_otel.usage.total_tokens'])).toBe(input + output);
      expect(Number(tags['agent_otel.cost.usd'])).toBeGreaterThan(0);
    });

    it('does not trace its own exports to Zipkin', async () => {
      const traces = (await (await fetch(`${zipkin.url}/api/v2/traces?limit=1000&lookback=3600000`)).json()) as ZipkinSpan[][];
      const exportSpans = traces.flat().filter((s) => Object.values(s.tags ?? {}).some((v) => v.includes('/api/v2/spans')));
      expect(traces.flat().length).toBeGreaterThanOrEqual(spans.length);
      expect(exportSpans).toEqual([]);
    });

    it('tags every span of both services with the session and tenant from baggage', () => {
      for (const span of spans) {
        expect(span.tags?.['session.id']).toBe('sess-zipkin-1');
        expect(span.tags?.['agent_otel.tenant.id']).toBe('acme');
      }
    });
  });

  it('delivers complete and critical spans through the write-ahead log, in one trace with a sampled parent', async () => {
    const emitted = await emitSpans(
      { OTEL_SERVICE_NAME: 'zipkin-wal', OTEL_TRACES_EXPORTER: 'zipkin', OTEL_EXPORTER_ZIPKIN_ENDPOINT: zipkin.spansUrl, AGENT_OTEL_WAL_DIR: path.join(stateHome, 'wal-1') },
      [{ name: 'handle refund' }, { name: 'lookup order', mode: 'complete', child: true }, { name: 'charge card', mode: 'critical', child: true }],
    );
    const spans = await waitForTrace(zipkin.url, emitted.spans[0].traceId, 3);
    const byName = Object.fromEntries(spans.map((s) => [s.name, s]));
    expect(byName['handle refund'].parentId).toBeUndefined();
    expect(byName['lookup order']).toMatchObject({ parentId: emitted.spans[0].spanId, localEndpoint: { serviceName: 'zipkin-wal' } });
    expect(byName['lookup order'].tags?.['agent_otel.capture.mode']).toBe('complete');
    expect(byName['charge card']).toMatchObject({ parentId: emitted.spans[0].spanId });
    expect(byName['charge card'].tags?.['agent_otel.capture.mode']).toBe('critical');
  }, 60000);

  it('sends a complete span to Zipkin from the WAL after the process that wrote it was killed', async () => {
    const walDir = path.join(stateHome, 'wal-crash');
    // Zipkin is unreachable for the first process, so its span stays in the WAL when it is killed.
    const first = await emitSpans(
      { OTEL_SERVICE_NAME: 'zipkin-crash', OTEL_TRACES_EXPORTER: 'zipkin', OTEL_EXPORTER_ZIPKIN_ENDPOINT: 'http://127.0.0.1:9/api/v2/spans', AGENT_OTEL_WAL_DIR: walDir },
      [{ name: 'survives kill -9', mode: 'complete' }],
      true,
    );
    await crash(first.child);
    await emitSpans({ OTEL_SERVICE_NAME: 'zipkin-crash', OTEL_TRACES_EXPORTER: 'zipkin', OTEL_EXPORTER_ZIPKIN_ENDPOINT: zipkin.spansUrl, AGENT_OTEL_WAL_DIR: walDir }, []);
    const [span] = await waitForTrace(zipkin.url, first.spans[0].traceId, 1);
    expect(span).toMatchObject({ id: first.spans[0].spanId, name: 'survives kill -9', localEndpoint: { serviceName: 'zipkin-crash' } });
  }, 60000);
});
