/**
 * The GenAI processor's work deferred off `end()` (DeferredEnrichment behind the CaptureRouter)
 * gives exactly the spans it gives inside `end()`: the same seeded traffic — nested model calls
 * (duplicates, retries, a call handed to a child), tools, errors, other conventions, secrets, some
 * spans captured `complete` — goes through both chains with the same span ids, and every exported
 * span is compared field by field.
 */
import { context, SpanStatusCode, trace, type Span as ApiSpan, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, type IdGenerator, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { CaptureRouter, DeferredEnrichment, RingBufferSpanProcessor } from '@agent-otel/capture';
import { seededRandom as seeded } from '../../../test/helpers/seeded-random';
import { GenAiSpanProcessor } from '../src/genai-span-processor';

const SEED = Number(process.env.DEFER_SEED ?? 20261201);
const TRACES = 60;

/** The same ids in both providers, so ids written as attribute values compare equal. */
class CountingIds implements IdGenerator {
  private n = 0;
  generateTraceId(): string {
    return (++this.n).toString(16).padStart(32, '0');
  }
  generateSpanId(): string {
    return (++this.n).toString(16).padStart(16, '0');
  }
}

/** Collects what the WAL side receives. */
class Collect implements SpanProcessor {
  readonly spans: ReadableSpan[] = [];
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.spans.push(span);
  }
  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}

interface Chain {
  provider: BasicTracerProvider;
  tracer: Tracer;
  exported: () => ReadableSpan[];
  enrichment: DeferredEnrichment | undefined;
}

function chain(deferred: boolean): Chain {
  const exporter = new InMemorySpanExporter();
  const genai = new GenAiSpanProcessor({ openInference: true });
  const enrichment = deferred ? new DeferredEnrichment(genai) : undefined;
  const ring = new RingBufferSpanProcessor(exporter, { flushIntervalMs: 3_600_000, bufferSize: 100_000, maxExportBatchSize: 512, pendingWork: enrichment });
  const complete = new Collect();
  const router = new CaptureRouter({ sampled: ring, complete, enrichment });
  const provider = new BasicTracerProvider({ idGenerator: new CountingIds(), spanProcessors: deferred ? [router] : [genai, router] });
  return { provider, tracer: provider.getTracer('equivalence'), exported: () => [...exporter.getFinishedSpans(), ...complete.spans], enrichment };
}

const SECRETS = ['ann.lee@example.com', '4111 1111 1111 1111', 'sk-proj-abcdefghijklmnopqrstuvwx1234', '+14155552671', '203.0.113.77'];

/** One step of the traffic, applied to both chains alike. */
type Step = (t: Tracer, open: ApiSpan[]) => void;

function messages(random: () => number, role: string): string {
  const secret = random() < 0.5 ? ` contact ${SECRETS[Math.floor(random() * SECRETS.length)]}` : '';
  const text = `${'word '.repeat(Math.floor(random() * 80))}${secret}`;
  return JSON.stringify([{ role, parts: [{ type: 'text', content: text }] }]);
}

function llmAttributes(random: () => number, model: string): Record<string, string | number> {
  const a: Record<string, string | number> = {
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': model,
    'gen_ai.provider.name': 'openai',
    'gen_ai.input.messages': messages(random, 'user'),
  };
  if (random() < 0.7) {
    a['gen_ai.usage.input_tokens'] = Math.floor(random() * 500);
    a['gen_ai.usage.output_tokens'] = Math.floor(random() * 200);
    a['gen_ai.output.messages'] = messages(random, 'assistant');
  }
  return a;
}

/** A seeded script of steps: each trace is a request with agents, model calls (some nested twice), tools. */
function traffic(random: () => number): Step[] {
  const steps: Step[] = [];
  for (let i = 0; i < TRACES; i++) {
    const complete = random() < 0.2;
    const model = random() < 0.5 ? 'gpt-4o-mini' : 'claude-3-5-haiku';
    const shape = Math.floor(random() * 4);
    const attrs = llmAttributes(random, model);
    const inner = llmAttributes(random, model);
    const oi = random() < 0.3;
    steps.push((t, open) => {
      const root = t.startSpan(`request ${i}`, { attributes: complete ? { 'agent_otel.capture.mode': 'complete' } : {} });
      const rootCtx = trace.setSpan(context.active(), root);
      const agent = t.startSpan(`invoke_agent ${i}`, { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'planner' } }, rootCtx);
      const agentCtx = trace.setSpan(rootCtx, agent);
      open.push(root, agent);
      const llm = t.startSpan(`chat ${model}`, { attributes: attrs }, agentCtx);
      const llmCtx = trace.setSpan(agentCtx, llm);
      if (shape === 0) {
        // A call wrapped by an instrumentation's span (a duplicate), ended inner first.
        t.startSpan(`openai.chat`, { attributes: inner }, llmCtx).end();
        llm.end();
      } else if (shape === 1) {
        // The outer span ends first with no usage while the inner one is open: handed to the child.
        const child = t.startSpan('stream', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': model } }, llmCtx);
        llm.end();
        child.setAttribute('gen_ai.usage.input_tokens', 12);
        child.setAttribute('gen_ai.usage.output_tokens', 7);
        child.end();
      } else if (shape === 2) {
        // Another convention (OpenInference) with an error naming a secret.
        llm.end();
        const tool = t.startSpan(
          'tool lookup',
          {
            attributes: oi
              ? { 'openinference.span.kind': 'TOOL', 'tool.name': 'lookup', 'input.value': `find ${SECRETS[0]}` }
              : { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup' },
          },
          agentCtx,
        );
        tool.addEvent('retry', { 'error.message': `timeout for ${SECRETS[3]}` });
        tool.setStatus({ code: SpanStatusCode.ERROR, message: `lookup failed for ${SECRETS[0]}` });
        tool.end();
      } else {
        llm.end();
      }
    });
    // Roots and agents end later, interleaved with the next trace's spans.
    steps.push((_t, open) => {
      const agent = open.find((s) => (s as unknown as ReadableSpan).name === `invoke_agent ${i}`)!;
      agent.end();
      open.splice(open.indexOf(agent), 1);
    });
    if (random() < 0.6 || i === TRACES - 1) {
      steps.push((_t, open) => {
        for (const s of open.splice(0)) s.end();
      });
    }
  }
  return steps;
}

/** The fields a backend receives, in a comparable form (less the span's own duration, which is the clock's). */
function view(span: ReadableSpan) {
  const { 'agent_otel.request.duration_ms': duration, ...attributes } = span.attributes;
  return {
    name: span.name,
    id: span.spanContext().spanId,
    attributes,
    hasDuration: duration !== undefined,
    status: span.status,
    events: span.events.map((e) => ({ name: e.name, attributes: e.attributes })),
    links: span.links.map((l) => l.attributes),
    dropped: span.droppedAttributesCount,
  };
}

describe('deferred GenAI enrichment gives the spans the inline one gives', () => {
  beforeAll(() => context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()));
  afterAll(() => context.disable());

  it(`same exported spans field by field (seed ${SEED}, ${TRACES} traces)`, async () => {
    console.log(`deferred-enrichment equivalence seed ${SEED} (DEFER_SEED to replay)`);
    const inline = chain(false);
    const deferred = chain(true);
    const scripts = [traffic(seeded(SEED)), traffic(seeded(SEED))];
    const open: ApiSpan[][] = [[], []];
    for (let i = 0; i < scripts[0].length; i++) {
      scripts[0][i](inline.tracer, open[0]);
      scripts[1][i](deferred.tracer, open[1]);
      // Let some background slices run mid-traffic, as they would between requests.
      if (i % 7 === 3) await new Promise((resolve) => setImmediate(resolve));
    }
    await inline.provider.forceFlush();
    await deferred.provider.forceFlush();
    // Both ways were taken: sampled spans deferred (some in background slices), complete ones inline.
    expect(deferred.enrichment!.stats()).toMatchObject({ deferred: expect.any(Number), inline: expect.any(Number), pending: 0, failures: 0 });
    const stats = deferred.enrichment!.stats();
    expect(stats.deferred).toBeGreaterThan(100);
    expect(stats.inline).toBeGreaterThan(0);
    expect(stats.inBackground).toBeGreaterThan(0);
    const a = inline
      .exported()
      .map(view)
      .sort((x, y) => x.id.localeCompare(y.id));
    const b = deferred
      .exported()
      .map(view)
      .sort((x, y) => x.id.localeCompare(y.id));
    expect(a.length).toBeGreaterThan(TRACES * 3);
    // The comparison can fail: the traffic exercises what the enrichment writes.
    const all = JSON.stringify(a);
    expect(all).toContain('agent_otel.llm.duplicate_of');
    expect(all).toContain('agent_otel.cost.usd');
    expect(all).toContain('agent_otel.request.');
    expect(all).toContain('[REDACTED:');
    const leaked = (spans: unknown) => SECRETS.filter((secret) => JSON.stringify(spans).includes(secret));
    expect(leaked(b)).toEqual(leaked(a));
    // Compared span by span, so a difference names the span instead of dumping the whole traffic.
    expect(b.map((s) => s.id)).toEqual(a.map((s) => s.id));
    for (let i = 0; i < a.length; i++) expect({ span: a[i].name, ...b[i] }).toEqual({ span: a[i].name, ...a[i] });
    await inline.provider.shutdown();
    await deferred.provider.shutdown();
  });
});
