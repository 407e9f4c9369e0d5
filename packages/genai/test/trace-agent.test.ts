import { SpanKind } from '@opentelemetry/api';
import { traceAgent } from '../src/trace-agent';
import { traceLlmCall } from '../src/trace-llm-call';
import { traceStep } from '../src/trace-step';
import { traceTool } from '../src/trace-tool';
import { setUpTracing, type TestTracing } from './helpers/test-tracing';

let tracing: TestTracing;

beforeEach(() => {
  tracing = setUpTracing();
});

afterEach(() => tracing.tearDown());

describe('traceAgent', () => {
  it('starts an INTERNAL invoke_agent span with the agent attributes', () => {
    traceAgent({ name: 'travel-planner', id: 'agent-7', description: 'Plans trips', conversationId: 'conv-1', provider: 'openai' }, () => undefined);
    const span = tracing.span('invoke_agent travel-planner');
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(span.attributes).toEqual({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'travel-planner',
      'gen_ai.agent.id': 'agent-7',
      'gen_ai.agent.description': 'Plans trips',
      'gen_ai.conversation.id': 'conv-1',
      'gen_ai.provider.name': 'openai',
    });
  });

  it('writes only the attributes given', () => {
    traceAgent({ name: 'bare' }, () => undefined);
    expect(tracing.span('invoke_agent bare').attributes).toEqual({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'bare',
    });
  });

  it('lets the dedicated options win over extra attributes', () => {
    traceAgent({ name: 'a', attributes: { 'gen_ai.agent.name': 'other', 'app.tier': 'gold' } }, () => undefined);
    const attrs = tracing.span('invoke_agent a').attributes;
    expect(attrs['gen_ai.agent.name']).toBe('a');
    expect(attrs['app.tier']).toBe('gold');
  });

  it('nests steps, model calls and tools under the agent, sync and async', async () => {
    await traceAgent({ name: 'planner' }, async () => {
      await traceStep({ type: 'plan', name: 'trip' }, async () => {
        await traceLlmCall({ model: 'gpt-4o', provider: 'openai' }, async () => 'plan');
      });
      traceStep({ type: 'tool_call', name: 'search' }, () => {
        traceTool({ name: 'flights' }, () => undefined);
      });
    });
    const agent = tracing.span('invoke_agent planner');
    const plan = tracing.span('plan trip');
    const llm = tracing.span('chat gpt-4o');
    const toolStep = tracing.span('tool_call search');
    const tool = tracing.span('execute_tool flights');
    expect(agent.parentSpanContext).toBeUndefined();
    expect(plan.parentSpanContext?.spanId).toBe(agent.spanContext().spanId);
    expect(llm.parentSpanContext?.spanId).toBe(plan.spanContext().spanId);
    expect(toolStep.parentSpanContext?.spanId).toBe(agent.spanContext().spanId);
    expect(tool.parentSpanContext?.spanId).toBe(toolStep.spanContext().spanId);
    const traceIds = new Set(tracing.spans().map((s) => s.spanContext().traceId));
    expect(traceIds.size).toBe(1);
  });

  it('keeps concurrent async branches apart', async () => {
    await traceAgent({ name: 'parallel' }, () =>
      Promise.all(
        ['a', 'b'].map((name) =>
          traceStep({ type: 'retrieval', name }, async () => {
            await new Promise((resolve) => setImmediate(resolve));
            return traceTool({ name: `tool-${name}` }, () => name);
          }),
        ),
      ),
    );
    for (const name of ['a', 'b']) {
      expect(tracing.span(`execute_tool tool-${name}`).parentSpanContext?.spanId).toBe(tracing.span(`retrieval ${name}`).spanContext().spanId);
    }
  });
});
