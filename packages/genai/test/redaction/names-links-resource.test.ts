import { createHmac } from 'node:crypto';
import { diag, type Attributes, type Link } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { GenAiSpanProcessor, type GenAiSpanProcessorOptions } from '../../src/genai-span-processor';

const SALT = 'a-test-salt-of-32-characters-xyz';
const hash = (value: string): string => createHmac('sha256', SALT).update(value).digest('hex').slice(0, 16);
const TOKEN = 'abcDEF1234567890xyz';
const LINKED = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 };

afterEach(() => diag.disable());

/** Ends spans through a real provider whose resource carries `resource`; returns the exported spans and the processor. */
function run(
  options: GenAiSpanProcessorOptions,
  resource: Attributes,
  make: (tracer: ReturnType<BasicTracerProvider['getTracer']>) => void,
): { spans: ReadableSpan[]; processor: GenAiSpanProcessor } {
  const exporter = new InMemorySpanExporter();
  const processor = new GenAiSpanProcessor({ requestRollup: false, normalize: false, ...options });
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes(resource), spanProcessors: [processor, new SimpleSpanProcessor(exporter)] });
  make(provider.getTracer('t'));
  return { spans: exporter.getFinishedSpans(), processor };
}

function spanWithEverything(tracer: ReturnType<BasicTracerProvider['getTracer']>, name: string): void {
  const links: Link[] = [{ context: LINKED, attributes: { 'peer.user': 'ann@example.com', 'gen_ai.input.messages': 'from bob@example.com' } }];
  const span = tracer.startSpan(name, { links, attributes: { 'url.full': `https://h.test/cb?auth=Bearer%20${TOKEN}&x=1` } });
  span.addEvent('mail sent to ann@example.com', { note: 'cc +14155552671' });
  span.end();
}

const RESOURCE = { 'service.name': 'svc', 'deployment.owner': 'ann@example.com', 'process.command_args': ['node', 'app.js', `--auth=Bearer ${TOKEN}`] };

describe('span names, event names and attributes, link attributes and the resource', () => {
  it('are scanned in the otherAttributes mode, and what is found is masked', () => {
    const { spans, processor } = run({ redaction: { otherAttributes: 'redacted' } }, RESOURCE, (tracer) => {
      spanWithEverything(tracer, 'lookup ann@example.com');
      spanWithEverything(tracer, 'second');
    });
    const [first, second] = spans;
    expect(first.name).toBe('lookup [REDACTED:email]');
    expect(first.attributes['url.full']).toBe('https://h.test/cb?auth=Bearer%20[REDACTED:bearer_token]&x=1');
    expect(first.events[0].name).toBe('mail sent to [REDACTED:email]');
    expect(first.events[0].attributes).toMatchObject({ note: 'cc [REDACTED:phone]', 'agent_otel.redaction.count': 1 });
    expect(first.links[0].attributes).toEqual({
      'peer.user': '[REDACTED:email]',
      'gen_ai.input.messages': 'from [REDACTED:email]',
      'agent_otel.redaction.count': 2,
    });
    expect(first.links[0].context).toEqual(LINKED);
    expect(first.resource.attributes).toMatchObject({
      'service.name': 'svc',
      'deployment.owner': '[REDACTED:email]',
      'process.command_args': ['node', 'app.js', '--auth=Bearer [REDACTED:bearer_token]'],
    });
    // One view per resource: both spans share it, with the same attributes object, scanned once.
    expect(second.resource).toBe(first.resource);
    expect(second.resource.attributes).toBe(first.resource.attributes);
    // name 1 + url 1 + event name 1 + event attribute 1 + links 2, per span, and the resource's 2 once.
    expect(first.attributes['agent_otel.redaction.count']).toBe(6);
    expect(processor.stats().redacted).toBe(6 + 5 + 2);
  });

  it('are hashed in mode hashed', () => {
    const { spans } = run({ redaction: { otherAttributes: 'hashed', salt: SALT } }, RESOURCE, (tracer) => spanWithEverything(tracer, 'lookup ann@example.com'));
    expect(spans[0].name).toBe(`lookup [HASH:email:${hash('ann@example.com')}]`);
    expect(spans[0].resource.attributes['deployment.owner']).toBe(`[HASH:email:${hash('ann@example.com')}]`);
  });

  it('are left as they are by default, except content-kind attributes, which are redacted wherever they are', () => {
    const { spans, processor } = run({}, RESOURCE, (tracer) => spanWithEverything(tracer, 'lookup ann@example.com'));
    const [span] = spans;
    expect(span.name).toBe('lookup ann@example.com');
    expect(span.events[0].name).toBe('mail sent to ann@example.com');
    expect(span.events[0].attributes).toEqual({ note: 'cc +14155552671' });
    expect(span.links[0].attributes).toMatchObject({ 'peer.user': 'ann@example.com', 'gen_ai.input.messages': 'from [REDACTED:email]' });
    expect(span.resource.attributes).toEqual(expect.objectContaining(RESOURCE));
    expect(processor.stats().redacted).toBe(1);
  });

  it('keep a resource with nothing to redact as it is', () => {
    const { spans } = run({ redaction: { otherAttributes: 'redacted' } }, { 'service.name': 'svc' }, (tracer) => tracer.startSpan('s').end());
    expect(spans[0].resource.attributes['service.name']).toBe('svc');
    expect(spans[0].resource.constructor.name).toBe('ResourceImpl');
  });

  it('scan asynchronous resource attributes once they have settled', async () => {
    const exporter = new InMemorySpanExporter();
    const resource = resourceFromAttributes({ 'service.name': 'svc', 'host.owner': Promise.resolve('ann@example.com') as never });
    const provider = new BasicTracerProvider({
      resource,
      spanProcessors: [new GenAiSpanProcessor({ requestRollup: false, redaction: { otherAttributes: 'redacted' } }), new SimpleSpanProcessor(exporter)],
    });
    provider.getTracer('t').startSpan('s').end();
    await provider.forceFlush();
    const [span] = exporter.getFinishedSpans();
    await span.resource.waitForAsyncAttributes?.();
    expect(span.resource.asyncAttributesPending).toBe(false);
    expect(span.resource.attributes).toMatchObject({ 'service.name': 'svc', 'host.owner': '[REDACTED:email]' });
    const raw = await Promise.all(span.resource.getRawAttributes().map(async ([key, value]) => [key, await value]));
    expect(raw).toContainEqual(['host.owner', '[REDACTED:email]']);
    expect(span.resource.merge(resourceFromAttributes({ 'extra.owner': 'bob@example.com' })).attributes).toMatchObject({
      'host.owner': '[REDACTED:email]',
      'extra.owner': '[REDACTED:email]',
    });
    await provider.shutdown();
  });
});
