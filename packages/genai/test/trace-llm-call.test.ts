import { diag, SpanKind } from '@opentelemetry/api';
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

describe('traceLlmCall', () => {
  it('starts a CLIENT "chat {model}" span with the request attributes', () => {
    traceLlmCall(
      {
        model: 'gpt-4o-mini',
        provider: 'openai',
        temperature: 0.2,
        topP: 0.9,
        topK: 40,
        maxTokens: 512,
        frequencyPenalty: 0.1,
        presencePenalty: -0.5,
        seed: 7,
        stopSequences: ['\n\n', 'END'],
        inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'Plan a trip' }] }],
        systemInstructions: '[{"type":"text","content":"Be brief"}]',
        promptName: 'trip-planner',
        promptVersion: '3',
      },
      () => undefined,
    );
    const span = tracing.span('chat gpt-4o-mini');
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.top_k': 40,
      'gen_ai.request.max_tokens': 512,
      'gen_ai.request.frequency_penalty': 0.1,
      'gen_ai.request.presence_penalty': -0.5,
      'gen_ai.request.seed': 7,
      'gen_ai.request.stop_sequences': ['\n\n', 'END'],
      'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"Plan a trip"}]}]',
      'gen_ai.system_instructions': '[{"type":"text","content":"Be brief"}]',
      'gen_ai.prompt.name': 'trip-planner',
      'agent_otel.prompt.version': '3',
    });
  });

  it('names the span after another operation and writes only what was given', () => {
    traceLlmCall({ model: 'text-embedding-3-small', provider: 'openai', operation: 'embeddings' }, () => undefined);
    expect(tracing.span('embeddings text-embedding-3-small').attributes).toEqual({
      'gen_ai.operation.name': 'embeddings',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'text-embedding-3-small',
    });
  });

  it('leaves out sampling parameters that are not finite numbers', () => {
    traceLlmCall({ model: 'm', provider: 'p', temperature: Number.NaN, maxTokens: Infinity, seed: 1 }, () => undefined);
    const attrs = tracing.span('chat m').attributes;
    expect(attrs['gen_ai.request.temperature']).toBeUndefined();
    expect(attrs['gen_ai.request.max_tokens']).toBeUndefined();
    expect(attrs['gen_ai.request.seed']).toBe(1);
  });

  it('records messages JSON cannot serialize safely, with markers, without a warning, and still runs fn', () => {
    const warnings = captureDiagWarnings();
    const cyclic: Record<string, unknown> = { role: 'user', tokens: 12n, fn: function format() {}, tag: Symbol('t') };
    cyclic.self = cyclic;
    expect(traceLlmCall({ model: 'm', provider: 'p', inputMessages: [cyclic] }, () => 'ran')).toBe('ran');
    expect(JSON.parse(tracing.span('chat m').attributes['gen_ai.input.messages'] as string)).toEqual([
      { role: 'user', tokens: '12', fn: '[Function format]', tag: '[Symbol(t)]', self: '[Circular]' },
    ]);
    expect(warnings).toEqual([]);
  });

  it('records system instructions that are not an array without throwing', () => {
    const hostile = {
      get parts(): never {
        throw new Error('getter failed');
      },
    };
    traceLlmCall({ model: 'm', provider: 'p', systemInstructions: hostile as never }, () => undefined);
    expect(tracing.span('chat m').attributes['gen_ai.system_instructions']).toBe('{"parts":"[Unserializable: getter failed]"}');
  });

  it("does not share the caller's stop sequence array", () => {
    const stops = ['a'];
    traceLlmCall({ model: 'm', provider: 'p', stopSequences: stops }, () => {
      stops.push('b');
    });
    expect(tracing.span('chat m').attributes['gen_ai.request.stop_sequences']).toEqual(['a']);
  });
});
