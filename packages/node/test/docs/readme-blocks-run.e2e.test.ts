/**
 * The README blocks marked `<!-- docs: run -->`, run as a reader would (scripts/docs/run-block.js),
 * against a real Jaeger: each `node` command a shell block starts must arrive as the service the
 * block names (a block whose variables reach only some of its commands fails); each span a ts block
 * starts by name must arrive, so a program that ends without flushing fails.
 */
import fs from 'node:fs';
import path from 'node:path';
import { extractBlocks, findReadmes, README_COLLECTOR, runShellBlock, runTsBlock, type Block } from '../helpers/docs-harness';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startJaeger } = require('../../../../scripts/jaeger') as {
  startJaeger(): Promise<{ otlpHttpUrl: string; queryUrl: string; stop(): Promise<void> }>;
};

const ROOT = path.resolve(__dirname, '../../../..');
const marked: Block[] = findReadmes(ROOT)
  .flatMap((file) => extractBlocks(fs.readFileSync(file, 'utf8'), file))
  .filter((b) => b.marker?.directive === 'run');
const runBlocks = marked.filter((b) => b.kind === 'shell');
const tsBlocks = marked.filter((b) => b.kind === 'ts');

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

  beforeAll(async () => {
    jaeger = await startJaeger();
  });
  afterAll(async () => {
    await jaeger?.stop();
  });

  it('there are some: the preload blocks of the top and the node README, the capture README program', () => {
    expect(runBlocks.map((b) => path.relative(ROOT, b.file))).toEqual(expect.arrayContaining(['README.md', 'packages/node/README.md']));
    expect(tsBlocks.map((b) => path.relative(ROOT, b.file))).toEqual(expect.arrayContaining(['packages/capture/README.md']));
  });

  it.each(tsBlocks.map((b) => [`${path.relative(ROOT, b.file)}:${b.line}`, b] as const))('%s runs and every span it starts reaches Jaeger', async (_where, block) => {
    const expected = startedSpanNames(block.code);
    expect(expected.length).toBeGreaterThan(0);
    const run = await runTsBlock(block.code, { otlpUrl: jaeger.otlpHttpUrl, root: ROOT });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(await allSpanNames(jaeger.queryUrl, expected)).toEqual(expect.arrayContaining(expected));
  });

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
