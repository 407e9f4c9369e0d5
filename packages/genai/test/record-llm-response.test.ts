import { diag, trace, type Span } from '@opentelemetry/api';
import { recordLlmResponse } from '../src/record-llm-response';
import { traceLlmCall } from '../src/trace-llm-call';
import { captureDiagWarnings, setUpTracing, type TestTracing } from './helpers/test-tracing';

let tracing: TestTracing;

beforeEach(() => {
  tracing = setUpTracing();
});

afterEach(async () => {
  await tracing.tearDown();
  diag.disable();
});

describe('recordLlmResponse', () => {
  it('records the response attributes, and the processor derives total and cost from them', async () => {
    await traceLlmCall({ model: 'gpt-4o-mini', provider: 'openai' }, async (span) => {
      recordLlmResponse(span, {
        model: 'gpt-4o-mini-2024-07-18',
        id: 'chatcmpl-123',
        finishReasons: ['stop'],
        inputTokens: 2000,
        outputTokens: 1000,
        outputMessages: [{ role: 'assistant', parts: [{ type: 'text', content: 'Go to Lisbon' }] }],
      });
    });
    const attrs = tracing.span('chat gpt-4o-mini').attributes;
    expect(attrs).toMatchObject({
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.id': 'chatcmpl-123',
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 2000,
      'gen_ai.usage.output_tokens': 1000,
      'gen_ai.output.messages': '[{"role":"assistant","parts":[{"type":"text","content":"Go to Lisbon"}]}]',
      'agent_otel.usage.total_tokens': 3000,
    });
    expect(attrs['agent_otel.cost.usd']).toBeCloseTo(0.0009, 12);
  });

  it('writes nothing for fields left out, empty or invalid', () => {
    const span = trace.getTracer('test').startSpan('s');
    recordLlmResponse(span, { model: '', id: '', inputTokens: -3, outputTokens: Number.NaN });
    span.end();
    expect(tracing.span('s').attributes).toEqual({});
  });

  it('records output messages with cycles and BigInts safely', () => {
    const span = trace.getTracer('test').startSpan('s');
    const message: Record<string, unknown> = { role: 'assistant', n: 2n ** 70n };
    message.parent = [message];
    recordLlmResponse(span, { outputMessages: [message] });
    span.end();
    expect(JSON.parse(tracing.span('s').attributes['gen_ai.output.messages'] as string)).toEqual([{ role: 'assistant', n: '1180591620717411303424', parent: ['[Circular]'] }]);
  });

  it('never throws on a response it cannot read', () => {
    const warnings = captureDiagWarnings();
    const span = trace.getTracer('test').startSpan('s');
    const hostile = {
      get model(): string {
        throw new Error('getter failed');
      },
    };
    expect(() => recordLlmResponse(span, hostile)).not.toThrow();
    expect(() => recordLlmResponse(span, null as never)).not.toThrow();
    expect(() => recordLlmResponse({} as Span, { id: 'x' })).not.toThrow();
    span.end();
    expect(warnings).toHaveLength(3);
  });

  it('ignores a key that is not a field (responseModel for model) with one warning per key', () => {
    const warnings = captureDiagWarnings();
    const span = trace.getTracer('test').startSpan('s');
    const fromJavaScript = { responseModel: 'gpt-4o-mini-2024-07-18', inputTokens: 5 } as never;
    recordLlmResponse(span, fromJavaScript);
    recordLlmResponse(span, fromJavaScript);
    span.end();
    expect(tracing.span('s').attributes).toEqual({ 'gen_ai.usage.input_tokens': 5, 'agent_otel.usage.total_tokens': 5 });
    expect(warnings).toEqual([
      'agent-otel: recordLlmResponse: ignored the unknown field "responseModel"; the fields are model, id, finishReasons, inputTokens, outputTokens, outputMessages; later occurrences are not logged',
    ]);
  });
});
