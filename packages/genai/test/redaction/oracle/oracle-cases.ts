/**
 * The cases of the redaction oracle: texts scrubbed by a `Scrubber` and spans redacted by a
 * `SpanRedactor`, under a few configurations, generated from a seed. `runScrubCase` and
 * `runSpanCase` give the observable result of a case (values and counts), which the fixture records
 * and the replay compares.
 */
import { SpanStatusCode, type AttributeValue, type Attributes } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { SdkSpan } from '@agent-otel/capture';
import type { DetectedRange } from '../../../src/redaction/detectors';
import type { RedactionOptions } from '../../../src/redaction/redaction-options';
import { content, CONTENT_SHAPES, errorMessage, prose, Rng, secret, semconvMessages, toolArguments, url, type ContentShape } from './content-generator';

/** Salt of the hashed cases. */
const ORACLE_SALT = 'redaction-oracle-salt-0123456789';

/** A custom function detector: `Dr. <Name> Lee`. */
function findNames(text: string): DetectedRange[] {
  const out: DetectedRange[] = [];
  const pattern = /Dr\. [A-Z][a-z]+ Lee/g;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) out.push([m.index, m.index + m[0].length]);
  return out;
}

/** Detector configurations of the cases, by name. */
export const CONFIGS: Readonly<Record<string, RedactionOptions>> = {
  default: { salt: ORACLE_SALT },
  custom: {
    salt: ORACLE_SALT,
    builtInDetectors: ['email', 'phone', 'api_key', 'ip_address'],
    detectors: [
      { kind: 'employee_id', pattern: /EMP-\d{4}/ },
      { kind: 'name', pattern: findNames },
    ],
  },
  onlyCards: { builtInDetectors: ['payment_card'] },
};

/** Span-level configurations, by name. */
export const SPAN_CONFIGS: Readonly<Record<string, RedactionOptions>> = {
  default: {},
  other: { otherAttributes: 'redacted' },
  hashed: { prompts: 'hashed', completions: 'redacted', tools: 'none', otherAttributes: 'hashed', salt: ORACLE_SALT },
  custom: CONFIGS.custom,
};

/** One text scrubbed. */
export interface ScrubCase {
  readonly config: string;
  readonly fn: 'scrub' | 'scrubText';
  readonly mode: 'redacted' | 'hashed';
  readonly input: string;
}

/** What a scrub gave: the value (omitted when it is the input) and the count. */
export interface ScrubOutcome {
  readonly value?: string;
  readonly count: number;
}

/** One span redacted. */
export interface SpanCase {
  readonly config: string;
  readonly span: SpanInput;
}

/** A span as the oracle describes it. */
export interface SpanInput {
  readonly name: string;
  /** Attributes added or changed by redaction. */
  readonly attributes: Attributes;
  /** Attribute keys redaction removed. */
  readonly removed: readonly string[];
  readonly events: ReadonlyArray<{ readonly name: string; readonly attributes?: Attributes }>;
  readonly links: ReadonlyArray<{ readonly attributes?: Attributes }>;
  readonly statusMessage?: string;
}

/** What redaction left of a span, and the counters. */
export interface SpanOutcome {
  readonly name: string;
  /** Attributes added or changed by redaction. */
  readonly attributes: Attributes;
  /** Attribute keys redaction removed. */
  readonly removed: readonly string[];
  readonly events: ReadonlyArray<{ readonly name: string; readonly attributes?: Attributes }>;
  readonly links: ReadonlyArray<{ readonly attributes?: Attributes }>;
  readonly status: { readonly code: number; readonly message?: string };
  readonly counters: { detections: number; removed: number; failures: number };
}

/** The scrubber interface the oracle drives (the current one and the reference copy alike). */
export interface ScrubberLike {
  scrub(text: string, mode: 'redacted' | 'hashed'): { value: string; count: number };
  scrubText(text: string, mode: 'redacted' | 'hashed'): { value: string; count: number };
}

/** The span redactor interface the oracle drives. */
export interface SpanRedactorLike {
  redact(span: SdkSpan, counters: { detections: number; removed: number; failures: number }): void;
}

/** The outcome of `c` on `scrubbers` (one per config). */
export function runScrubCase(scrubbers: Readonly<Record<string, ScrubberLike>>, c: ScrubCase): ScrubOutcome {
  const result = scrubbers[c.config][c.fn](c.input, c.mode);
  return result.value === c.input ? { count: result.count } : { value: result.value, count: result.count };
}

const provider = new BasicTracerProvider();
const tracer = provider.getTracer('redaction-oracle');

/** The outcome of `c` on `redactors` (one per span config): a real SDK span, still writable. */
export function runSpanCase(redactors: Readonly<Record<string, SpanRedactorLike>>, c: SpanCase): SpanOutcome {
  const span = tracer.startSpan(c.span.name, { attributes: c.span.attributes, links: [] }) as unknown as SdkSpan;
  for (const event of c.span.events) span.addEvent(event.name, event.attributes);
  for (const link of c.span.links)
    span.addLink({ context: { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 }, attributes: link.attributes });
  if (c.span.statusMessage !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: c.span.statusMessage });
  const counters = { detections: 0, removed: 0, failures: 0 };
  redactors[c.config].redact(span, counters);
  // Only what changed of the span's attributes (the fixture stays small): new or changed values, and removed keys.
  const changed: Record<string, AttributeValue | undefined> = {};
  for (const [key, value] of Object.entries(span.attributes)) if (JSON.stringify(value) !== JSON.stringify(c.span.attributes[key])) changed[key] = value;
  const removed = Object.keys(c.span.attributes).filter((key) => !(key in span.attributes));
  return {
    name: span.name,
    attributes: changed,
    removed,
    events: span.events.map((e) => (e.attributes === undefined ? { name: e.name } : { name: e.name, attributes: { ...e.attributes } })),
    links: span.links.map((l) => (l.attributes === undefined ? {} : { attributes: { ...l.attributes } })),
    status: span.status.message === undefined ? { code: span.status.code } : { code: span.status.code, message: span.status.message },
    counters,
  };
}

/** `count` scrub cases from `seed`: every shape with and without secrets, Latin-1 and two-byte, a few huge. */
export function scrubCases(seed: number, count: number): ScrubCase[] {
  const rng = new Rng(seed);
  const cases: ScrubCase[] = [];
  const shapes: ContentShape[] = CONTENT_SHAPES.filter((s) => s !== 'huge');
  for (let i = 0; i < count; i++) {
    const config = rng.chance(0.8) ? 'default' : rng.pick(['custom', 'onlyCards']);
    const mode = rng.chance(0.8) ? 'redacted' : 'hashed';
    const twoByte = rng.chance(0.4);
    let input: string;
    if (i % 1000 === 999) input = content(rng, 'huge', { secrets: rng.int(0, 3), twoByte, hugeChars: rng.int(8_000, 12_000) });
    else if (i % 10 === 0) input = String(rng.pick([rng.int(1_000_000, 9_999_999), 4111111111111111, 14155552671, 4000002512345678, 5555555555554444, rng.int(1e9, 9e15)]));
    else input = content(rng, rng.pick(shapes), { secrets: rng.chance(0.45) ? 0 : rng.int(1, 4), twoByte });
    cases.push({ config: config === 'onlyCards' && mode === 'hashed' ? 'default' : config, fn: i % 10 === 0 || rng.chance(0.05) ? 'scrubText' : 'scrub', mode, input });
  }
  return cases;
}

const OTHER_KEYS = ['url.full', 'http.request.header.authorization', 'user.email', 'app.note', 'gen_ai.request.model', 'server.address'];

function attributeValue(rng: Rng, twoByte: boolean, secrets: number): AttributeValue {
  const r = rng.next();
  if (r < 0.1) return rng.pick([rng.int(0, 999), rng.int(1_000_000, 9e15), 4111111111111111, 0.5, true]);
  if (r < 0.2) return [prose(rng, { words: 3, secrets, twoByte }), prose(rng, { words: 2, secrets: 0, twoByte })];
  if (r < 0.25) return [1, 2, 3];
  return content(rng, rng.pick(['prose', 'semconv', 'tool_args', 'url', 'short'] as const), { secrets, twoByte });
}

/** `count` span cases from `seed`. */
export function spanCases(seed: number, count: number): SpanCase[] {
  const rng = new Rng(seed);
  const cases: SpanCase[] = [];
  for (let i = 0; i < count; i++) {
    const twoByte = rng.chance(0.4);
    const secrets = (): number => (rng.chance(0.5) ? 0 : rng.int(1, 2));
    const attributes: Record<string, AttributeValue> = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.input.messages': semconvMessages(rng, { secrets: secrets(), twoByte, words: rng.int(5, 30) }),
      'gen_ai.output.messages': semconvMessages(rng, { secrets: secrets(), twoByte, words: rng.int(3, 20) }),
    };
    if (rng.chance(0.3)) attributes['gen_ai.tool.call.arguments'] = toolArguments(rng, { secrets: secrets(), twoByte });
    if (rng.chance(0.3)) attributes[`llm.input_messages.${rng.int(0, 3)}.message.content`] = prose(rng, { words: 10, secrets: secrets(), twoByte });
    if (rng.chance(0.2)) attributes['retrieval.documents.0.document.content'] = prose(rng, { words: 20, secrets: secrets(), twoByte });
    if (rng.chance(0.2)) attributes['agent_otel.redaction.count'] = 2;
    for (let k = rng.int(0, 3); k > 0; k--) attributes[rng.pick(OTHER_KEYS)] = attributeValue(rng, twoByte, secrets());
    if (rng.chance(0.2)) attributes[secret(rng, 'email')] = 'key is an e-mail';
    const events: Array<{ name: string; attributes?: Attributes }> = [];
    if (rng.chance(0.3))
      events.push({
        name: 'exception',
        attributes: {
          'exception.type': 'Error',
          'exception.message': errorMessage(rng, { secrets: secrets(), twoByte }),
          'exception.stacktrace': errorMessage(rng, { secrets: secrets(), twoByte }),
        },
      });
    if (rng.chance(0.2)) events.push({ name: 'gen_ai.user.message', attributes: { content: prose(rng, { words: 8, secrets: secrets(), twoByte }), id: rng.int(1, 9) } });
    if (rng.chance(0.2))
      events.push({ name: rng.pick(['note', `mail ${secret(rng, 'email')}`]), attributes: rng.chance(0.5) ? undefined : { 'app.note': url(rng, { secrets: secrets() }) } });
    const links = rng.chance(0.15)
      ? [{ attributes: { 'app.note': prose(rng, { words: 4, secrets: secrets(), twoByte }), 'gen_ai.prompt': prose(rng, { words: 4, secrets: secrets(), twoByte }) } }]
      : [];
    const name = rng.chance(0.2) ? `chat ${secret(rng, rng.pick(['email', 'ipv4', 'api_key']))}` : 'chat gpt-4o-mini';
    const statusMessage = rng.chance(0.25) ? errorMessage(rng, { secrets: secrets(), twoByte }) : undefined;
    cases.push({ config: rng.pick(Object.keys(SPAN_CONFIGS)), span: { name, attributes, events, links, statusMessage } });
  }
  return cases;
}
