/**
 * The README shell blocks marked `<!-- docs: run -->`, run as a reader would (scripts/docs/run-shell-block.js):
 * each `node` command the block starts must reach a real Jaeger as the service the block names.
 * A block whose variables reach only some of its commands fails here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { extractBlocks, findReadmes, README_COLLECTOR, runShellBlock, type Block } from '../helpers/docs-harness';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startJaeger } = require('../../../../scripts/jaeger') as {
  startJaeger(): Promise<{ otlpHttpUrl: string; queryUrl: string; stop(): Promise<void> }>;
};

const ROOT = path.resolve(__dirname, '../../../..');
const runBlocks: Block[] = findReadmes(ROOT)
  .flatMap((file) => extractBlocks(fs.readFileSync(file, 'utf8'), file))
  .filter((b) => b.kind === 'shell' && b.marker?.directive === 'run');

/** Span names of `service` in Jaeger, once all of `expected` are there (or after `timeoutMs`). */
async function spanNames(queryUrl: string, service: string, expected: string[], timeoutMs = 20_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let names: string[] = [];
  while (Date.now() < deadline) {
    const response = await fetch(`${queryUrl}/api/traces?service=${encodeURIComponent(service)}&limit=100&lookback=1h`);
    if (response.ok) {
      const body = (await response.json()) as { data?: Array<{ spans: Array<{ operationName: string }> }> };
      names = (body.data ?? []).flatMap((t) => t.spans.map((s) => s.operationName));
      if (expected.every((name) => names.includes(name))) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
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

  it('there are some: the preload blocks of the top and the node README', () => {
    expect(runBlocks.map((b) => path.relative(ROOT, b.file))).toEqual(expect.arrayContaining(['README.md', 'packages/node/README.md']));
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
});
