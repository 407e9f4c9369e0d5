/**
 * The trace context crossing a message queue, against a real Jaeger v2: a producer process and a
 * consumer process, connected only by the example broker's TCP protocol, each traced by agent-otel.
 * Each job must give one trace: `send agent-jobs` (PRODUCER) → `process agent-jobs` (CONSUMER,
 * child of and linked to the send span) → the worker's agent and tool spans, with the session id
 * that travelled as baggage in the message.
 */
import { JaegerClient, type TraceSpan } from '@agent-otel/cli';
import { runMessageQueueExample, type RunReport } from '../../src/index';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startJaeger } = require('../../../../scripts/jaeger');

const PRODUCER = 4;
const CONSUMER = 5;
const JOBS = [
  { sessionId: 'sess-queue-1', question: 'Plan a weekend in Lisbon' },
  { sessionId: 'sess-queue-2', question: 'Which flights leave Paris for Berlin tonight?' },
];

/** The links of one span as Jaeger stores them (TraceSpan does not carry links). */
async function linksOf(queryUrl: string, traceId: string, spanId: string): Promise<{ traceId: string; spanId: string }[]> {
  const res = await fetch(`${queryUrl}/api/v3/traces/${traceId}`);
  const body = (await res.json()) as {
    result: { resourceSpans: { scopeSpans: { spans: { spanId: string; links?: { traceId: string; spanId: string }[] }[] }[] }[] };
  };
  const spans = body.result.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
  return spans.find((s) => s.spanId === spanId)?.links ?? [];
}

describe('message queue example traced into a real Jaeger (e2e)', () => {
  let jaeger: { otlpHttpUrl: string; queryUrl: string; stop(): Promise<void> };
  let report: RunReport;
  let traces: Map<string, TraceSpan[]>;

  beforeAll(async () => {
    jaeger = await startJaeger();
    report = await runMessageQueueExample({ jobs: JOBS, env: { OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpHttpUrl } });
    const client = new JaegerClient({ url: jaeger.queryUrl });
    traces = new Map();
    for (const sent of report.published) traces.set(String(sent.traceId), await client.waitForTrace(String(sent.traceId), { minSpans: 4 }));
  }, 90000);

  afterAll(async () => {
    await jaeger?.stop();
  });

  it('processes every job, in the trace that published it, with the session from the baggage', () => {
    expect(report.published).toHaveLength(JOBS.length);
    expect(report.processed).toHaveLength(JOBS.length);
    for (const sent of report.published) {
      const done = report.processed.find((p) => p.id === sent.id);
      expect(done).toMatchObject({ event: 'processed', traceId: sent.traceId, sessionId: sent.sessionId });
    }
    expect(new Set(report.published.map((p) => p.traceId)).size).toBe(JOBS.length);
  });

  it('shows producer and consumer spans in one trace per job, the consumer a child of and linked to the producer', async () => {
    for (const sent of report.published) {
      const spans = traces.get(String(sent.traceId))!;
      const send = spans.find((s) => s.kind === PRODUCER);
      const processSpan = spans.find((s) => s.kind === CONSUMER);
      expect(send).toMatchObject({ name: 'send agent-jobs', service: 'queue-producer', parentSpanId: '', spanId: sent.spanId });
      expect(processSpan).toMatchObject({ name: 'process agent-jobs', service: 'queue-consumer', parentSpanId: send!.spanId });
      expect(await linksOf(jaeger.queryUrl, String(sent.traceId), processSpan!.spanId)).toEqual([expect.objectContaining({ traceId: sent.traceId, spanId: send!.spanId })]);
      for (const [span, operation] of [
        [send!, 'send'],
        [processSpan!, 'process'],
      ] as const) {
        expect(span.attributes).toMatchObject({
          'messaging.system': 'agent_otel_example_queue',
          'messaging.operation.type': operation,
          'messaging.destination.name': 'agent-jobs',
          'messaging.message.id': sent.id,
        });
      }
    }
  });

  it('nests the worker agent and its tool under the consumer span, with the session id on every span', () => {
    for (const sent of report.published) {
      const spans = traces.get(String(sent.traceId))!;
      const processSpan = spans.find((s) => s.kind === CONSUMER)!;
      const agent = spans.find((s) => s.name === 'invoke_agent queue-summarizer');
      const tool = spans.find((s) => s.name === 'execute_tool word_count');
      expect(agent?.parentSpanId).toBe(processSpan.spanId);
      expect(tool?.parentSpanId).toBe(agent!.spanId);
      expect(agent!.attributes['gen_ai.conversation.id']).toBe(sent.sessionId);
      for (const span of spans) expect(span.attributes['session.id']).toBe(sent.sessionId);
    }
  });
});
