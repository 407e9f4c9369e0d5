import { diag, trace } from '@opentelemetry/api';
import { GenAiSpanProcessor, type GenAiSpanProcessorOptions } from '../../src/genai-span-processor';
import { DEFAULT_LIMITS, PRE_CUT_HEADROOM } from '../../src/limits/limit-options';
import { truncationMarker } from '../../src/limits/truncate';
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
    expect(t.processor.stats().truncated).toBe(4);
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

  it('applies default limits: 128 Ki units per value, JSON kept valid with a marker', () => {
    const t = start({});
    const messages = JSON.stringify([message('system', 'Be brief.'), message('user', 'x'.repeat(3_000_000)), message('assistant', 'done')]);
    const attrs = endSpan(t, 's', { 'gen_ai.input.messages': messages, 'http.url': 'u'.repeat(200_000), short: 'kept' }).attributes;
    const input = attrs['gen_ai.input.messages'] as string;
    expect(input.length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxAttributeValueLength);
    expect(input.length).toBeGreaterThan(DEFAULT_LIMITS.maxAttributeValueLength - 1024);
    const parsed = JSON.parse(input);
    expect(parsed.map((m: { parts: Array<{ content: string }> }) => m.parts[0].content.slice(0, 9))).toEqual(['Be brief.', 'xxxxxxxxx', 'done']);
    expect(parsed[1].parts[0].content).toMatch(/…\[truncated \d+ chars\]$/);
    expect((attrs['http.url'] as string).length).toBeLessThanOrEqual(DEFAULT_LIMITS.maxAttributeValueLength);
    expect(attrs.short).toBe('kept');
    expect(attrs['agent_otel.truncated']).toEqual(['gen_ai.input.messages', 'http.url']);
    expect(DEFAULT_LIMITS).toEqual({ maxAttributeValueLength: 131_072, maxSpanContentLength: 1_048_576, maxMessages: Infinity, nonFiniteNumbers: 'string' });
  });

  it('bounds the content of a span in total, cutting the longest values first', () => {
    const t = start({ limits: { maxAttributeValueLength: 100_000, maxSpanContentLength: 250_000 } });
    const span = trace.getTracer('t').startSpan('s', {
      attributes: { a: 'a'.repeat(100_000), b: 'b'.repeat(100_000), c: 'c'.repeat(90_000), small: 's'.repeat(1000), tags: ['t'.repeat(1000)] },
      links: [{ context: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 }, attributes: { note: 'n'.repeat(1000) } }],
    });
    span.addEvent('log', { body: 'e'.repeat(50_000) });
    span.end();
    const exported = t.span('s');
    const lengths = Object.fromEntries(Object.entries(exported.attributes).map(([k, v]) => [k, typeof v === 'string' ? v.length : undefined]));
    const total = ['a', 'b', 'c', 'small'].reduce((sum, key) => sum + lengths[key]!, 0) + 1000 + 1000 + (exported.events[0].attributes!.body as string).length;
    expect(total).toBeLessThanOrEqual(250_000);
    expect(total).toBeGreaterThan(249_000);
    // Water-filling: the three long values end at the same length; the short ones are kept.
    expect(lengths.a).toBe(lengths.b);
    expect(Math.abs(lengths.c! - lengths.a!)).toBeLessThanOrEqual(1); // markers of 5 and 6 digits
    expect(exported.events[0].attributes!.body).toBe('e'.repeat(50_000));
    expect(lengths.small).toBe(1000);
    expect(exported.attributes['agent_otel.truncated']).toEqual(['a', 'b', 'c']);
  });

  it('cuts huge values before redaction, so the detectors see a bounded amount of text', () => {
    const seen: number[] = [];
    const probe = { kind: 'probe', pattern: (text: string) => (seen.push(text.length), []) };
    const t = start({ redaction: { otherAttributes: 'redacted', detectors: [probe] } });
    const huge = 'word '.repeat(2_000_000);
    const attrs = endSpan(t, 's', {
      'gen_ai.input.messages': JSON.stringify([message('user', huge)]),
      'gen_ai.output.messages': huge,
      ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`x${i}`, huge])),
    }).attributes;
    expect(Math.max(...seen)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxAttributeValueLength + PRE_CUT_HEADROOM);
    expect(seen.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(DEFAULT_LIMITS.maxSpanContentLength + 2 * PRE_CUT_HEADROOM);
    expect(JSON.parse(attrs['gen_ai.input.messages'] as string)[0].parts[0].content).toMatch(/^word .*…\[truncated \d+ chars\]$/);
  });

  it('drops what a cut before redaction halved, even where redaction then shrinks the value below the limit', () => {
    const max = 70_000;
    const t = start({ redaction: { detectors: [{ kind: 'blob', pattern: /Z{1000,}/ }] }, limits: { maxAttributeValueLength: max } });
    const total = 400_000;
    const keep = max + PRE_CUT_HEADROOM - truncationMarker(total).length;
    // The e-mail starts 8 units before the pre-cut point: cut there, `ann.lee@` is no e-mail any more.
    const head = `${'Z'.repeat(keep - 8 - 1)} `;
    const text = `${head}ann.lee@example.com ${'b'.repeat(total - head.length - 20)}`;
    const value = endSpan(t, 's', { 'gen_ai.prompt': text }).attributes['gen_ai.prompt'] as string;
    expect(value.length).toBeLessThan(max);
    expect(value).toMatch(/…\[truncated \d+ chars\]$/);
    expect(value).not.toContain('ann');
  });

  it('changes nothing with every limit turned off', () => {
    const t = start({ limits: { maxAttributeValueLength: Infinity, maxSpanContentLength: Infinity } });
    const long = 'x'.repeat(1_000_000);
    expect(endSpan(t, 's', { 'gen_ai.input.messages': long }).attributes).toEqual({ 'gen_ai.input.messages': long });
  });

  it.each([
    [{ maxAttributeValueLength: 0 }, /limits.maxAttributeValueLength must be a positive integer or Infinity; got 0/],
    [{ maxAttributeValueLength: 1.5 }, /limits.maxAttributeValueLength/],
    [{ maxMessages: -1 }, /limits.maxMessages must be a positive integer or Infinity; got -1/],
    [{ maxSpanContentLength: 0 }, /limits.maxSpanContentLength must be a positive integer or Infinity; got 0/],
    [{ maxAttributeValueLength: 1000, maxSpanContentLength: 999 }, /limits.maxSpanContentLength \(999\) must not be less than limits.maxAttributeValueLength \(1000\)/],
    [{ nonFiniteNumbers: 'drop' }, /limits.nonFiniteNumbers must be string or keep; got "drop"/],
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

describe('non-finite numbers', () => {
  it('become the strings NaN, Infinity and -Infinity on the span, its events and its links; arrays become string arrays', () => {
    const t = start({});
    const span = trace.getTracer('t').startSpan('s', {
      attributes: { score: Number.NaN, up: Infinity, down: -Infinity, fine: 0.5, zero: -0, list: [1, Number.NaN, 2.5], ok: [1, 2] },
      links: [{ context: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 }, attributes: { weight: Number.NaN } }],
    });
    span.addEvent('eval', { 'gen_ai.evaluation.score.value': Number.POSITIVE_INFINITY, n: 3 });
    span.end();
    const exported = t.span('s');
    expect(exported.attributes).toEqual({ score: 'NaN', up: 'Infinity', down: '-Infinity', fine: 0.5, zero: -0, list: ['1', 'NaN', '2.5'], ok: [1, 2] });
    expect(exported.events[0].attributes).toEqual({ 'gen_ai.evaluation.score.value': 'Infinity', n: 3 });
    expect(exported.links[0].attributes).toEqual({ weight: 'NaN' });
  });

  it('are kept as numbers with nonFiniteNumbers: keep', () => {
    const t = start({ limits: { nonFiniteNumbers: 'keep' } });
    expect(endSpan(t, 's', { score: Number.NaN }).attributes.score).toBeNaN();
  });
});
