/** The docs harness itself: what it reports, and on which README line. */
import path from 'node:path';
import { compileBlocks, extractBlocks, shellContinuationProblems, startedScripts } from '../helpers/docs-harness';

const ROOT = path.resolve(__dirname, '../../../..');
const FILE = path.join(ROOT, 'packages/genai/README.md'); // a real README's place, so imports resolve from there
const md = (...lines: string[]): string => lines.join('\n');

describe('extractBlocks', () => {
  it('reads language, code, line and a fragment marker with its declarations', () => {
    const [block] = extractBlocks(md('# t', '<!-- docs: fragment', 'declare const token: string;', '-->', '```ts', 'console.log(token);', '```'), FILE);
    expect(block).toMatchObject({ line: 5, kind: 'ts', code: 'console.log(token);', errors: [] });
    expect(block.marker).toMatchObject({ directive: 'fragment', prelude: 'declare const token: string;\n' });
  });

  it('reports a block without a language, an unknown language or marker, and a shell block without a marker', () => {
    const blocks = extractBlocks(
      md('```', 'x', '```', '```rust', 'x', '```', '<!-- docs: skip -->', '```ts', 'x', '```', '```bash', 'ls', '```', '<!-- docs: not-run: -->', '```sh', 'ls', '```'),
      FILE,
    );
    expect(blocks.map((b) => b.errors)).toEqual([
      ['the block has no language: name one (text for output, trees and diagrams)'],
      [expect.stringContaining('unknown block language "rust"')],
      [expect.stringContaining('unknown marker "docs: skip"')],
      ['a shell block needs <!-- docs: run --> or <!-- docs: not-run: why --> right above it'],
      ['"docs: not-run" needs a reason: <!-- docs: not-run: why -->'],
    ]);
  });

  it('reports a block that is never closed, and markers on blocks they do not apply to', () => {
    const blocks = extractBlocks(
      md('<!-- docs: fragment -->', '```json', '{}', '```', '<!-- docs: not-run: a reason -->', '```ts', 'x', '```', '<!-- docs: run -->', '```text', 'x'),
      FILE,
    );
    expect(blocks[0].errors).toEqual(['only ts and js blocks can be fragments']);
    expect(blocks[1].errors).toEqual(['"docs: not-run" applies to shell blocks only']);
    expect(blocks[2].errors).toEqual(['the block is never closed', '"docs: run" applies to shell and ts blocks only']);
  });

  it('reads "docs: run: with the ts block above", and rejects it without a ts block above or with another argument', () => {
    const blocks = extractBlocks(
      md(
        '<!-- docs: run: with the ts block above -->',
        '```ts',
        'x',
        '```',
        '<!-- docs: run: with the ts block above -->',
        '```ts',
        'y',
        '```',
        '<!-- docs: run: twice -->',
        '```bash',
        'ls',
        '```',
      ),
      FILE,
    );
    expect(blocks[0].errors).toEqual(['"with the ts block above": there is no ts block above']);
    expect(blocks[1]).toMatchObject({ errors: [], marker: { directive: 'run', withPrevious: true } });
    expect(blocks[2].errors).toEqual(['"docs: run" takes no argument but "with the ts block above"; got "twice"']);
  });
});

describe('compileBlocks', () => {
  it('reports a type error on the README line it is on, and the declarations of a fragment on theirs', () => {
    const blocks = extractBlocks(
      md(
        '```ts',
        "import { recordLlmResponse } from '@agent-otel/genai';",
        "import { trace } from '@opentelemetry/api';",
        "recordLlmResponse(trace.getTracer('t').startSpan('s'), { responseModel: 'gpt-4o-mini' });",
        '```',
        '<!-- docs: fragment',
        'declare const n: Strin;',
        '-->',
        '```ts',
        'const s: number = n;',
        '```',
        '```ts',
        'const top = await Promise.resolve(1); // top-level await; names stay in their block',
        'const s: number = top;',
        '```',
      ),
      FILE,
    );
    const diagnostics = compileBlocks(blocks, ROOT).map((d) => ({ line: d.line, code: d.message.slice(0, 7) }));
    expect(diagnostics).toEqual([
      { line: 4, code: 'TS2353:' },
      { line: 7, code: 'TS2552:' },
    ]);
  }, 120_000);
});

describe('shell checks', () => {
  it('finds the "\\" continuation that ends early (the old top README block), not a correct one', () => {
    const early = md(
      'OTEL_SERVICE_NAME=tools-service OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 \\',
      '  node --require @agent-otel/node/register dist/server.js     # CommonJS',
      '  node --import  @agent-otel/node/register dist/server.mjs    # ES modules',
    );
    expect(shellContinuationProblems(early)).toEqual([{ line: 3, message: expect.stringContaining('runs as a separate command') }]);
    const correct = md('A=1 B=2 \\', '  C=3 node x.js', 'curl localhost');
    expect(shellContinuationProblems(correct)).toEqual([]);
  });

  it('names the scripts a block starts with node', () => {
    expect(startedScripts(md('export A=1', 'node --require @agent-otel/node/register dist/server.js  # c', 'A=2 node --import x server.mjs', 'npx tsc -b'))).toEqual([
      'dist/server.js',
      'server.mjs',
    ]);
  });
});
