/**
 * The W3C Trace Context / Baggage conformance table through a real HTTP hop: each row's header
 * lines are sent byte for byte over a socket to a service traced by agent-otel (preload only),
 * which answers with the trace context its server span runs in and with the headers its own
 * outbound fetch() and http.get() calls carried. Run once with agent-otel's propagator (must meet
 * the specifications) and once with @opentelemetry/core's (must behave as the table records).
 */
import * as path from 'node:path';
import { startChildService, type ChildService } from '../helpers/child-service';
import { rawGet, startHeaderSink, type HeaderSink } from '../helpers/raw-http';
import { CONFORMANCE_CASES, coreOutcome, PARENT_ID, TRACE_ID, type ConformanceCase, type Outcome } from '../helpers/w3c-conformance-cases';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'context-probe-service.cjs');
const PRELOAD = require.resolve('@agent-otel/node/register');
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-(0[0-3])$/;

interface ProbeAnswer {
  traceId: string;
  sampled: boolean;
  baggage: Record<string, { value: string; metadata?: string }>;
  outbound: Record<'fetch' | 'http', { traceparent?: string; tracestate?: string; baggage?: string }>;
}

const modes: [string, (row: ConformanceCase) => Outcome][] = [
  ['agent-otel', (row) => row.expect],
  ['core', coreOutcome],
];

describe.each(modes)('W3C conformance through an HTTP hop, %s propagator (e2e)', (mode, outcomeOf) => {
  let service: ChildService;
  let sink: HeaderSink;

  beforeAll(async () => {
    sink = await startHeaderSink();
    service = await startChildService(FIXTURE, ['--require', PRELOAD], {
      OTEL_SERVICE_NAME: `probe-${mode}`,
      OTEL_TRACES_EXPORTER: 'none',
      AGENT_OTEL_TEST_PROPAGATOR: mode,
    });
  });

  afterAll(async () => {
    await service?.stop();
    await sink?.close();
  });

  it.each(CONFORMANCE_CASES.map((row) => [row.id, row] as const))('%s', async (_id, row) => {
    const expected = outcomeOf(row);
    const res = await rawGet(`${service.url}/probe?sink=${encodeURIComponent(sink.url)}`, row.headers);
    expect(res.status).toBe(200);
    const answer = JSON.parse(res.body) as ProbeAnswer;

    if (expected.trace === 'continue') {
      expect(answer.traceId).toBe(TRACE_ID);
    } else {
      expect(answer.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(answer.traceId).not.toBe(TRACE_ID);
      expect(answer.traceId).not.toMatch(/^0+$/);
    }
    expect(answer.baggage).toEqual(expected.baggage ?? {});

    for (const sent of [answer.outbound.fetch, answer.outbound.http]) {
      const [, traceId, parentId, flags] = TRACEPARENT.exec(sent.traceparent ?? '') ?? [];
      expect(traceId).toBe(answer.traceId);
      expect(parentId).not.toBe(PARENT_ID);
      if (expected.sampled !== undefined) expect((parseInt(flags, 16) & 1) === 1).toBe(expected.sampled);
      if (expected.flags !== undefined) expect(flags).toBe(expected.flags);
      // A trace started here has a random trace id, so it sets the Level 2 random flag; core does not.
      if (expected.trace === 'new') expect(parseInt(flags, 16) & 2).toBe(mode === 'agent-otel' ? 2 : 0);
      expect(sent.tracestate ?? null).toBe(expected.tracestate ?? null);
      expect(sent.baggage ?? null).toBe(expected.baggageHeader ?? null);
    }
  });

  it('is still running after every row', () => {
    expect(service.child.exitCode).toBeNull();
    expect(service.stderr()).not.toMatch(/TypeError|RangeError|URIError/);
  });
});
