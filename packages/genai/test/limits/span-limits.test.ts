import { diag, trace } from '@opentelemetry/api';
import { GenAiSpanProcessor, type GenAiSpanProcessorOptions } from '../../src/genai-span-processor';
import { endSpan } from '../helpers/end-span';
import { setUpTracing, type TestTracing } from '../helpers/test-tracing';

let tracing: TestTracing | undefined;
afterEach(async () => {
  await tracing?.tearDown();
  diag.disable();
});

function start(options: GenAiSpanProcessorOptions): TestTracing {
  tracing = setUpTracing({ redaction: false, normalize: false, ...options });
  return tracing;
}

const message = (role: string, content: string) => ({ role, parts: [{ type: 'text', content }] });

describe('limits', () => {
  it('cuts long values on the span and its events, and lists the cut keys', () => {
    const t = start({ limits: { maxAttributeValueLength: 50 } });
    const span = trace.getTracer('t').startSpan('s', {
      attributes: {
        'gen_ai.output.messages': JSON.stringify([message('assistant', 'y'.repeat(500))]),
        'http.url': `https://example.com/${'p'.repeat(100)}`,
        tags: ['short', 'z'.repeat(80)],
        'gen_ai.request.model': 'gpt-4o-mini',
      },
    });
    span.addEvent('log', { body: 'b'.repeat(80), level: 'info' });
    span.end();
    const exported = t.span('s');
    const output = exported.attributes['gen_ai.output.messages'] as string;
    expect(output.length).toBeLessThanOrEqual(50);
    expect(exported.attributes['http.url']).toMatch(/^https:\/\/example\.com\/p+…\[truncated \d+ chars\]$/);
    expect((exported.attributes.tags as string[])[0]).toBe('short');
    expect((exported.attributes.tags as string[])[1].length).toBeLessThanOrEqual(50);
    expect(exported.attributes['gen_ai.request.model']).toBe('gpt-4o-mini');
    expect(exported.attributes['agent_otel.truncated']).toEqual(['gen_ai.output.messages', 'http.url', 'tags']);
    expect(exported.events[0].attributes).toMatchObject({ level: 'info', 'agent_otel.truncated': ['body'] });
    expect((exported.events[0].attributes!.body as string).length).toBeLessThanOrEqual(50);
    expect(t.processor.getStats().truncated).toBe(4);
  });

  it('keeps the first system message and the latest ones, in JSON and flattened lists', () => {
    const t = start({ limits: { maxMessages: 3 } });
    const messages = [message('system', 'rules'), ...Array.from({ length: 5 }, (_, i) => message(i % 2 ? 'assistant' : 'user', `m${i}`))];
    const attrs = endSpan(t, 's', {
      'gen_ai.input.messages': JSON.stringify(messages),
      'llm.input_messages.0.message.role': 'system',
      'llm.input_messages.0.message.content': 'rules',
      'llm.input_messages.1.message.role': 'user',
      'llm.input_messages.1.message.content': 'q1',
      'llm.input_messages.2.message.role': 'assistant',
      'llm.input_messages.2.message.content': 'a1',
      'llm.input_messages.3.message.role': 'user',
      'llm.input_messages.3.message.content': 'q2',
    }).attributes;
    expect(JSON.parse(attrs['gen_ai.input.messages'] as string).map((m: { parts: Array<{ content: string }> }) => m.parts[0].content)).toEqual(['rules', 'm3', 'm4']);
    expect(attrs['llm.input_messages.1.message.content']).toBe('a1');
    expect(attrs['llm.input_messages.2.message.content']).toBe('q2');
    expect(attrs['llm.input_messages.3.message.content']).toBeUndefined();
    expect(attrs['agent_otel.truncated']).toEqual(['gen_ai.input.messages', 'llm.input_messages.*']);
    expect(attrs['agent_otel.truncated.messages']).toBe(4);
  });

  it('changes nothing without limits, which is the default', () => {
    const t = start({});
    const long = 'x'.repeat(100_000);
    expect(endSpan(t, 's', { 'gen_ai.input.messages': long }).attributes).toEqual({ 'gen_ai.input.messages': long });
  });

  it.each([
    [{ maxAttributeValueLength: 0 }, /limits.maxAttributeValueLength must be a positive integer; got 0/],
    [{ maxAttributeValueLength: 1.5 }, /limits.maxAttributeValueLength/],
    [{ maxMessages: -1 }, /limits.maxMessages must be a positive integer; got -1/],
  ])('rejects %j', (limits, message) => {
    expect(() => new GenAiSpanProcessor({ limits })).toThrow(message);
  });

  it('redacts before it cuts, so a cut never leaves part of a detected value', () => {
    const t = start({ redaction: {}, limits: { maxAttributeValueLength: 40 } });
    // Cut first, the value would keep `aaaaaaaaaa ann.lee`, which no detector recognizes any more.
    const attrs = endSpan(t, 's', { 'gen_ai.prompt': `${'a'.repeat(10)} ann.lee@example.com ${'b'.repeat(100)}` }).attributes;
    expect(attrs['gen_ai.prompt']).not.toContain('ann.lee');
    expect((attrs['gen_ai.prompt'] as string).length).toBeLessThanOrEqual(40);
  });
});
