/**
 * The README blocks marked `<!-- docs: run -->`, run as a reader would (scripts/docs/run-block.js),
 * against a real Jaeger: each `node` command a shell block starts must arrive as the service the
 * block names (a block whose variables reach only some of its commands fails); each span a ts block
 * starts by name must arrive, so a program that ends without flushing fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startLlmServer, type LlmServer } from '../../../../examples/two-service-agent/src/llm-server';
import { extractBlocks, findReadmes, README_COLLECTOR, runShellBlock, runTsBlock, type Block } from '../helpers/docs-harness';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startJaeger } = require('../../../../scripts/jaeger') as {
  startJaeger(): Promise<{ otlpHttpUrl: string; queryUrl: string; stop(): Promise<void> }>;
};

const ROOT = path.resolve(__dirname, '../../../..');
const all: Block[] = findReadmes(ROOT).flatMap((file) => extractBlocks(fs.readFileSync(file, 'utf8'), file));
const marked = all.filter((b) => b.marker?.directive === 'run');
const runBlocks = marked.filter((b) => b.kind === 'shell');
const tsBlocks = marked.filter((b) => b.kind === 'ts');

/** The program a ts block runs as: itself, after the ts block above it when its marker says so. */
function program(block: Block): string {
  if (!block.marker?.withPrevious) return block.code;
  const above = all.filter((b) => b.file === block.file && b.kind === 'ts' && b.line < block.line).pop();
  return `${above?.code ?? ''}\n${block.code}`;
}

interface JaegerTrace {
  spans: Array<{ spanID: string; operationName: string; references: Array<{ refType: string }>; tags: Array<{ key: string; value: unknown }> }>;
}

/** The traces of `service` in Jaeger, once there is one (or after 20 s). */
async function traces(queryUrl: string, service: string): Promise<JaegerTrace[]> {
  const deadline = Date.now() + 20_000;
  let found: JaegerTrace[] = [];
  do {
    const response = await fetch(`${queryUrl}/api/traces?service=${encodeURIComponent(service)}&limit=100&lookback=1h`);
    if (response.ok) found = ((await response.json()) as { data: JaegerTrace[] | null }).data ?? [];
    if (found.length > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  } while (Date.now() < deadline);
  return found;
}

/** The literal names a ts block gives `startSpan` / `startActiveSpan`. */
const startedSpanNames = (code: string): string[] => [...code.matchAll(/startSpan\(\s*'([^']+)'|startActiveSpan\(\s*'([^']+)'/g)].map((m) => m[1] ?? m[2]);

/** Names of the spans in Jaeger, across services, once all of `expected` are there (or after `timeoutMs`). */
async function allSpanNames(queryUrl: string, expected: string[], timeoutMs = 20_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let names: string[] = [];
  while (Date.now() < deadline) {
    const services = ((await (await fetch(`${queryUrl}/api/services`)).json()) as { data: string[] | null }).data ?? [];
    names = [];
    for (const service of services) names.push(...(await spanNames(queryUrl, service, [], 0)));
    if (expected.every((name) => names.includes(name))) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return names;
}

/** Span names of `service` in Jaeger, once all of `expected` are there (or after `timeoutMs`). */
async function spanNames(queryUrl: string, service: string, expected: string[], timeoutMs = 20_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let names: string[] = [];
  do {
    const response = await fetch(`${queryUrl}/api/traces?service=${encodeURIComponent(service)}&limit=100&lookback=1h`);
    if (response.ok) {
      const body = (await response.json()) as { data?: Array<{ spans: Array<{ operationName: string }> }> };
      names = (body.data ?? []).flatMap((t) => t.spans.map((s) => s.operationName));
      if (expected.every((name) => names.includes(name))) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  } while (Date.now() < deadline);
  return names;
}

describe('README shell blocks marked docs: run (e2e, real Jaeger)', () => {
  let jaeger: { otlpHttpUrl: string; queryUrl: string; stop(): Promise<void> };
  let llm: LlmServer;

  beforeAll(async () => {
    jaeger = await startJaeger();
    llm = await startLlmServer();
  });
  afterAll(async () => {
    await llm?.close();
    await jaeger?.stop();
  });

  it('there are some: the preload blocks of the top and the node README, the capture README program', () => {
    expect(runBlocks.map((b) => path.relative(ROOT, b.file))).toEqual(expect.arrayContaining(['README.md', 'packages/node/README.md']));
    expect(tsBlocks.map((b) => path.relative(ROOT, b.file))).toEqual(expect.arrayContaining(['packages/capture/README.md']));
  });

  it.each(tsBlocks.map((b) => [`${path.relative(ROOT, b.file)}:${b.line}`, b] as const))(
    '%s runs; every span it starts by name, and a trace of every service it names, reach Jaeger, each model call counted once',
    async (_where, block) => {
      const code = program(block);
      const expected = startedSpanNames(code);
      const services = [...code.matchAll(/serviceName:\s*'([^']+)'/g)].map((m) => m[1]);
      expect(expected.length + services.length).toBeGreaterThan(0);
      const env = { OPENAI_BASE_URL: `${llm.url}/v1`, OPENAI_API_KEY: 'test-key' };
      const run = await runTsBlock(code, { otlpUrl: jaeger.otlpHttpUrl, root: ROOT, env });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      if (expected.length > 0) expect(await allSpanNames(jaeger.queryUrl, expected)).toEqual(expect.arrayContaining(expected));
      for (const service of services) {
        const found = await traces(jaeger.queryUrl, service);
        expect(found.length).toBeGreaterThan(0);
        let counted = 0;
        for (const { spans } of found) {
          const tag = (span: (typeof spans)[number], key: string): unknown => span.tags.find((t) => t.key === key)?.value;
          const root = spans.find((span) => span.references.length === 0);
          const calls = root ? tag(root, 'agent_otel.request.llm_call_count') : undefined;
          if (typeof calls !== 'number') continue;
          counted += calls;
          expect(spans.filter((span) => tag(span, 'agent_otel.cost.usd') !== undefined)).toHaveLength(calls);
        }
        // A program that makes model calls shows them, each with one cost.
        if (code.includes('traceLlmCall(')) expect(counted).toBeGreaterThan(0);
      }
    },
  );

  it.each(runBlocks.map((b) => [`${path.relative(ROOT, b.file)}:${b.line}`, b] as const))('%s reaches Jaeger from every command', async (_where, block) => {
    expect(block.code).toContain(README_COLLECTOR);
    const service = /OTEL_SERVICE_NAME=(\S+)/.exec(block.code)?.[1];
    expect(service).toBeDefined();
    const run = await runShellBlock(block.code, { otlpUrl: jaeger.otlpHttpUrl, root: ROOT });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.spans.length).toBeGreaterThanOrEqual(2);
    const names = await spanNames(jaeger.queryUrl, service as string, run.spans);
    expect(names).toEqual(expect.arrayContaining(run.spans));
  });

  it('fails a block whose variables reach its first command only (the old top README block)', async () => {
    const early = [
      'OTEL_SERVICE_NAME=docs-early OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 \\',
      '  node --require @agent-otel/node/register dist/server.js     # CommonJS',
      '  node --import  @agent-otel/node/register dist/server.mjs    # ES modules',
    ].join('\n');
    const run = await runShellBlock(early, { otlpUrl: jaeger.otlpHttpUrl, root: ROOT });
    expect(run.status).toBe(0);
    const [first, second] = run.spans;
    expect(await spanNames(jaeger.queryUrl, 'docs-early', [first])).toContain(first);
    // Both commands had ended before the block returned; the second's span went to the default collector.
    expect(await spanNames(jaeger.queryUrl, 'docs-early', [second], 3_000)).not.toContain(second);
  });

  it('fails the capture README program as it was, without provider.shutdown(): the complete-mode span never arrives', async () => {
    const capture = tsBlocks.find((b) => b.file.endsWith(path.join('capture', 'README.md')));
    // Renamed, so the spans of the run above do not count.
    const withoutShutdown = (capture?.code ?? '').replace(/^await provider\.shutdown\(\);.*$/m, '').replace(/'(refund lookup|charge card)'/g, "'$1 (no shutdown)'");
    expect(withoutShutdown).not.toContain('shutdown()');
    const run = await runTsBlock(withoutShutdown, { otlpUrl: jaeger.otlpHttpUrl, root: ROOT });
    expect(run.status).toBe(0);
    const names = await allSpanNames(jaeger.queryUrl, ['charge card (no shutdown)']);
    // The critical span was awaited, so it is there; the complete one was still in the WAL at exit.
    expect(names).toContain('charge card (no shutdown)');
    expect(await allSpanNames(jaeger.queryUrl, ['refund lookup (no shutdown)'], 3_000)).not.toContain('refund lookup (no shutdown)');
  });
});
