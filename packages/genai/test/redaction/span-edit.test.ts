import { diag, SpanStatusCode, type Attributes } from '@opentelemetry/api';
import type { Span, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { GenAiSpanProcessor } from '../../src/genai-span-processor';
import { resolveRedactionOptions } from '../../src/redaction/redaction-options';
import { eventAttributes, removeAttribute, setEventAttribute } from '../../src/redaction/span-edit';
import { SpanRedactor } from '../../src/redaction/span-redactor';

afterEach(() => diag.disable());

const NO_LIMITS = { maxAttributeValueLength: Infinity, maxSpanContentLength: Infinity, nonFiniteNumbers: 'keep' } as const;

/** A span-like object over `attributes`, with setAttribute writing through (as the SDK span does). */
function fakeSpan(attributes: Attributes, events: TimedEvent[] = []): Span {
  return {
    attributes,
    events,
    status: { code: SpanStatusCode.UNSET },
    setAttribute(key: string, value: unknown) {
      (attributes as Record<string, unknown>)[key] = value;
      return this;
    },
    setAttributes(values: Attributes) {
      Object.assign(attributes, values);
      return this;
    },
    setStatus() {
      return this;
    },
  } as unknown as Span;
}

describe('span edits', () => {
  it('remove attributes and set event attributes in place', () => {
    const span = fakeSpan({ a: 1, b: 2 });
    expect(removeAttribute(span, 'a')).toBe(true);
    expect(removeAttribute(span, 'missing')).toBe(true);
    expect(span.attributes).toEqual({ b: 2 });
    const event = { name: 'e', time: [0, 0], attributes: { x: 'y' } } as TimedEvent;
    expect(setEventAttribute(event, 'x', 'z')).toBe(true);
    expect(setEventAttribute(event, 'x', undefined)).toBe(true);
    expect(event.attributes).toEqual({});
    const bare = { name: 'e', time: [0, 0] } as TimedEvent;
    expect(setEventAttribute(bare, 'x', 'z')).toBe(false);
    expect(eventAttributes(bare)).toEqual({});
  });

  it('report edits that cannot be made', () => {
    const span = fakeSpan(Object.freeze({ a: 1 }) as Attributes);
    expect(removeAttribute(span, 'a')).toBe(false);
    const event = { name: 'e', time: [0, 0], attributes: Object.freeze({ x: 'y' }) } as TimedEvent;
    expect(setEventAttribute(event, 'x', undefined)).toBe(false);
    expect(eventAttributes(Object.freeze({ name: 'e', time: [0, 0] }) as TimedEvent)).toBeUndefined();
  });

  it('fall back to a whole-value replacement when an attribute cannot be removed', () => {
    const values: Record<string, unknown> = { 'gen_ai.input.messages': 'ann@example.com' };
    const attributes = new Proxy(values, { deleteProperty: () => false });
    const redactor = new SpanRedactor(resolveRedactionOptions({ prompts: 'none' }));
    const counters = { detections: 0, removed: 0, failures: 0 };
    redactor.redact(fakeSpan(attributes as Attributes), counters);
    expect(values['gen_ai.input.messages']).toBe('[REDACTED]');
    expect(counters).toEqual({ detections: 0, removed: 0, failures: 1 });
  });
});

describe('stages run on their own', () => {
  it('still redacts when normalization fails, and counts the span once', () => {
    const warnings: string[] = [];
    diag.setLogger({ error: () => undefined, warn: (m) => warnings.push(m), info: () => undefined, debug: () => undefined, verbose: () => undefined });
    const attributes: Record<string, unknown> = { 'gen_ai.prompt': 'mail ann@example.com' };
    Object.defineProperty(attributes, 'llm.token_count.prompt', {
      enumerable: true,
      get: () => {
        throw new Error('unreadable');
      },
    });
    // Limits off: they read every attribute first and would be the stage that fails.
    const processor = new GenAiSpanProcessor({ limits: NO_LIMITS });
    processor.onEnding(fakeSpan(attributes as Attributes));
    expect(attributes['gen_ai.prompt']).toBe('mail [REDACTED:email]');
    expect(processor.stats()).toMatchObject({ failures: 1, redacted: 1 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('GenAiSpanProcessor.onEnding (normalize)');
  });
});
