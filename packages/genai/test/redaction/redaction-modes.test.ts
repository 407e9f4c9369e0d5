import { createHmac } from 'node:crypto';
import { diag, SpanStatusCode, trace } from '@opentelemetry/api';
import { GenAiSpanProcessor, type GenAiSpanProcessorOptions } from '../../src/genai-span-processor';
import { traceLlmCall } from '../../src/trace-llm-call';
import { endSpan } from '../helpers/end-span';
import { setUpTracing, type TestTracing } from '../helpers/test-tracing';

let tracing: TestTracing | undefined;
afterEach(async () => {
  await tracing?.tearDown();
  diag.disable();
});

function start(options: GenAiSpanProcessorOptions = {}): TestTracing {
  tracing = setUpTracing(options);
  return tracing;
}

const SALT = 'a-test-salt-of-32-characters-xyz';
const hash = (value: string): string => createHmac('sha256', SALT).update(value).digest('hex').slice(0, 16);
const MESSAGES = JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'I am ann@example.com, card 4111 1111 1111 1111' }] }]);

describe('redaction defaults', () => {
  it('redacts prompts, completions, tool calls, documents and errors of any span, keeping the rest', () => {
    const t = start();
    const span = trace.getTracer('other-instrumentation').startSpan('s', {
      attributes: {
        'gen_ai.input.messages': MESSAGES,
        'llm.output_messages.0.message.content': 'Reply to ann@example.com',
        'gen_ai.tool.call.arguments': '{"phone":"+14155552671"}',
        'retrieval.documents.0.document.content': 'Key sk-proj-abcdefghijklmnopqrstuvwx1234',
        'ai.prompt': '{"prompt":"from 10.1.2.3"}',
        'url.full': 'https://example.com/?mail=ann@example.com',
      },
    });
    span.recordException(new Error('lookup failed for ann@example.com'));
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'lookup failed for ann@example.com' });
    span.end();
    const exported = t.span('s');
    expect(JSON.parse(exported.attributes['gen_ai.input.messages'] as string)[0].parts[0].content).toBe('I am [REDACTED:email], card [REDACTED:payment_card]');
    expect(exported.attributes['llm.output_messages.0.message.content']).toBe('Reply to [REDACTED:email]');
    expect(exported.attributes['gen_ai.tool.call.arguments']).toBe('{"phone":"[REDACTED:phone]"}');
    expect(exported.attributes['retrieval.documents.0.document.content']).toBe('Key [REDACTED:api_key]');
    expect(exported.attributes['ai.prompt']).toBe('{"prompt":"from [REDACTED:ip_address]"}');
    expect(exported.attributes['url.full']).toBe('https://example.com/?mail=ann@example.com');
    expect(exported.events[0].attributes?.['exception.message']).toBe('lookup failed for [REDACTED:email]');
    expect(exported.events[0].attributes?.['exception.stacktrace']).not.toContain('ann@example.com');
    expect(exported.events[0].attributes?.['agent_otel.redaction.count']).toBe(2);
    expect(exported.status.message).toBe('lookup failed for [REDACTED:email]');
    // Normalization also built gen_ai.output.messages and gen_ai.retrieval.documents, which are redacted too.
    expect(exported.attributes['gen_ai.output.messages']).toContain('Reply to [REDACTED:email]');
    expect(exported.attributes['gen_ai.retrieval.documents']).toContain('Key [REDACTED:api_key]');
    expect(exported.attributes['agent_otel.redaction.count']).toBe(11);
    expect(t.processor.stats()).toMatchObject({ redacted: 11, removed: 0, redactionFailures: 0 });
  });

  it('scrubs GenAI content events by event name', () => {
    const t = start();
    const span = trace.getTracer('t').startSpan('s');
    span.addEvent('gen_ai.user.message', { content: 'call me at +14155552671', 'gen_ai.system': 'openai' });
    span.addEvent('gen_ai.choice', { message: '{"content":"ok ann@example.com"}' });
    span.end();
    const [user, choice] = t.span('s').events;
    expect(user.attributes).toMatchObject({ content: 'call me at [REDACTED:phone]', 'gen_ai.system': 'openai' });
    expect(choice.attributes?.message).toBe('{"content":"ok [REDACTED:email]"}');
  });

  it('leaves a span without content unchanged', () => {
    const t = start();
    expect(endSpan(t, 's', { 'http.request.method': 'GET', 'server.port': 443 }).attributes).toEqual({ 'http.request.method': 'GET', 'server.port': 443 });
  });
});

describe('redaction modes per kind', () => {
  it('keeps content with full, hashes with hashed and removes with none', () => {
    const t = start({ redaction: { prompts: 'full', completions: 'hashed', tools: 'none', errors: 'none', salt: SALT } });
    const span = trace.getTracer('t').startSpan('s', {
      attributes: {
        'gen_ai.input.messages': MESSAGES,
        'gen_ai.output.messages': '[{"role":"assistant","parts":[{"type":"text","content":"ann@example.com"}]}]',
        'gen_ai.tool.call.arguments': '{"city":"Lisbon"}',
        'gen_ai.tool.call.result': 'sunny',
        'llm.input_messages.0.message.content': 'full ann@example.com',
      },
    });
    span.addEvent('exception', { 'exception.message': 'boom ann@example.com', 'exception.type': 'Error' });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
    span.end();
    const attrs = t.span('s').attributes;
    expect(attrs['gen_ai.input.messages']).toBe(MESSAGES);
    expect(attrs['llm.input_messages.0.message.content']).toBe('full ann@example.com');
    expect(JSON.parse(attrs['gen_ai.output.messages'] as string)[0].parts[0].content).toBe(`[HASH:email:${hash('ann@example.com')}]`);
    expect(attrs['gen_ai.tool.call.arguments']).toBeUndefined();
    expect(attrs['gen_ai.tool.call.result']).toBeUndefined();
    expect(attrs['agent_otel.redaction.removed']).toEqual(['gen_ai.tool.call.arguments', 'gen_ai.tool.call.result', 'status.message']);
    const event = t.span('s').events[0];
    expect(event.attributes).toEqual({ 'exception.type': 'Error', 'agent_otel.redaction.removed': ['exception.message'] });
    expect(t.span('s').status).toEqual({ code: SpanStatusCode.ERROR });
    expect(t.processor.stats()).toMatchObject({ removed: 4 });
  });

  it('hashes equal values equally and different values differently, under the salt', () => {
    const t = start({ redaction: { prompts: 'hashed', salt: SALT } });
    const attrs = endSpan(t, 's', { 'gen_ai.prompt': 'ann@example.com, ann@example.com, bob@example.com' }).attributes;
    expect(attrs['gen_ai.prompt']).toBe(`[HASH:email:${hash('ann@example.com')}], [HASH:email:${hash('ann@example.com')}], [HASH:email:${hash('bob@example.com')}]`);
  });

  it('reports a removed flattened list once', () => {
    const t = start({ normalize: false, redaction: { prompts: 'none' } });
    const attrs = endSpan(t, 's', {
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.content': 'hi',
      'llm.input_messages.1.message.content': 'there',
      'gen_ai.prompt.name': 'trip-template',
    }).attributes;
    expect(attrs).toEqual({ 'gen_ai.prompt.name': 'trip-template', 'agent_otel.redaction.removed': ['llm.input_messages.*'] });
  });

  it('scans other attributes when asked', () => {
    const t = start({ redaction: { otherAttributes: 'redacted' } });
    const attrs = endSpan(t, 's', { 'url.full': 'https://x.test/?mail=ann@example.com', 'user.id': 'ann@example.com', count: 3 }).attributes;
    expect(attrs).toMatchObject({ 'url.full': 'https://x.test/?mail=[REDACTED:email]', 'user.id': '[REDACTED:email]', count: 3 });
  });

  it('scrubs card numbers given as JSON numbers and string arrays', () => {
    const t = start();
    const attrs = endSpan(t, 's', { 'gen_ai.tool.call.arguments': '{"card":4111111111111111,"qty":2}', 'ai.values': ['ann@example.com', 'plain'] }).attributes;
    expect(attrs['gen_ai.tool.call.arguments']).toBe('{"card":"[REDACTED:payment_card]","qty":2}');
    expect(attrs['ai.values']).toEqual(['[REDACTED:email]', 'plain']);
  });

  it('is off with redaction: false', () => {
    const t = start({ redaction: false });
    expect(endSpan(t, 's', { 'gen_ai.prompt': 'ann@example.com' }).attributes['gen_ai.prompt']).toBe('ann@example.com');
  });
});

describe('user-supplied detectors', () => {
  it('runs regular expressions and functions after the built-in detectors', () => {
    const t = start({
      redaction: {
        detectors: [
          { kind: 'employee_id', pattern: /EMP-\d{4}/ },
          { kind: 'name', pattern: (text) => (text.includes('Ann Lee') ? [[text.indexOf('Ann Lee'), text.indexOf('Ann Lee') + 7]] : []) },
          {
            kind: 'broken_range',
            pattern: () => [
              [5, 2],
              [-1, 3],
              [0, 10_000],
            ],
          },
        ],
      },
    });
    const attrs = endSpan(t, 's', { 'gen_ai.prompt': 'Ann Lee (EMP-1234, EMP-9999) ann@example.com' }).attributes;
    expect(attrs['gen_ai.prompt']).toBe('[REDACTED:name] ([REDACTED:employee_id], [REDACTED:employee_id]) [REDACTED:email]');
  });

  it('keeps only the built-in detectors asked for', () => {
    const t = start({ redaction: { builtInDetectors: ['email'] } });
    expect(endSpan(t, 's', { 'gen_ai.prompt': 'ann@example.com +14155552671' }).attributes['gen_ai.prompt']).toBe('[REDACTED:email] +14155552671');
  });

  it('fails closed when a detector throws: the whole value is replaced', () => {
    const t = start({
      redaction: {
        detectors: [
          {
            kind: 'bad',
            pattern: () => {
              throw new Error('detector bug');
            },
          },
        ],
      },
    });
    const attrs = endSpan(t, 's', { 'gen_ai.prompt': 'secret ann@example.com', 'http.route': '/x' }).attributes;
    expect(attrs['gen_ai.prompt']).toBe('[REDACTED]');
    expect(attrs['http.route']).toBe('/x');
    expect(t.processor.stats().redactionFailures).toBe(1);
  });

  it('fails closed when redaction itself breaks: content attributes are dropped', () => {
    const warnings: string[] = [];
    diag.setLogger({ error: () => undefined, warn: (m) => warnings.push(m), info: () => undefined, debug: () => undefined, verbose: () => undefined });
    // Limits off: they read the events first and would be the stage that fails.
    const processor = new GenAiSpanProcessor({ normalize: false, limits: { maxAttributeValueLength: Infinity, maxSpanContentLength: Infinity, nonFiniteNumbers: 'keep' } });
    const attributes: Record<string, unknown> = { 'gen_ai.input.messages': MESSAGES, 'http.route': '/x' };
    const span = {
      attributes,
      get events(): never {
        throw new Error('events unavailable');
      },
      status: { code: SpanStatusCode.UNSET },
      setAttribute: (key: string, value: unknown) => void (attributes[key] = value),
      setStatus: () => undefined,
    };
    expect(() => processor.onEnding(span as never)).not.toThrow();
    expect(attributes).toEqual({ 'http.route': '/x' });
    expect(processor.stats()).toMatchObject({ failures: 1, redactionFailures: 1 });
    expect(warnings[0]).toContain('GenAiSpanProcessor.onEnding (redact)');
  });
});

describe('redaction options', () => {
  it.each([
    [{ prompts: 'masked' }, /redaction.prompts must be one of full, redacted, hashed, none/],
    [{ otherAttributes: 'none' }, /redaction.otherAttributes must be full, redacted or hashed/],
    [{ completions: 'hashed' }, /redaction.salt is required when a mode is hashed/],
    [{ completions: 'hashed', salt: 'short' }, /at least 16 bytes/],
    [{ builtInDetectors: ['ssn'] }, /unknown kind "ssn"/],
    [{ detectors: [{ kind: 'has space', pattern: /x/ }] }, /detectors\[0\].kind/],
    [{ detectors: [{ kind: 'k', pattern: 'x' }] }, /detectors\[0\].pattern must be a RegExp or a function/],
  ])('rejects %j', (redaction, message) => {
    expect(() => new GenAiSpanProcessor({ redaction: redaction as never })).toThrow(message);
  });

  it('accepts a salt as bytes', () => {
    expect(() => new GenAiSpanProcessor({ redaction: { prompts: 'hashed', salt: new Uint8Array(32) } })).not.toThrow();
  });

  it('redacts what helpers record too', async () => {
    const t = start();
    await traceLlmCall({ model: 'm', provider: 'p', inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'ann@example.com' }] }] }, () => undefined);
    expect(t.span('chat m').attributes['gen_ai.input.messages']).toBe('[{"role":"user","parts":[{"type":"text","content":"[REDACTED:email]"}]}]');
  });
});
