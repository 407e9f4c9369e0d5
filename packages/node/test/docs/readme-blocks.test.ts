/**
 * Every fenced block of README.md, packages/*\/README.md and examples/*\/README.md: ts and js blocks
 * compile with strict TypeScript against the built packages, shell blocks pass `bash -n` and
 * carry a run / not-run marker, json blocks parse. The rules are in scripts/docs/readme-blocks.js;
 * the shell blocks marked `docs: run` run against a real Jaeger in readme-blocks-run.e2e.test.ts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { compileBlocks, extractBlocks, findReadmes, shellContinuationProblems, type Block } from '../helpers/docs-harness';

const ROOT = path.resolve(__dirname, '../../../..');
const where = (file: string | undefined, line: number | undefined): string => `${file ? path.relative(ROOT, file) : '?'}:${line ?? '?'}`;
const blocks: Block[] = findReadmes(ROOT).flatMap((file) => extractBlocks(fs.readFileSync(file, 'utf8'), file));

describe('README code blocks', () => {
  it('are found in every README, and each has a language and, where needed, a marker', () => {
    expect(findReadmes(ROOT).map((file) => path.relative(ROOT, file))).toEqual(
      expect.arrayContaining(['README.md', 'packages/genai/README.md', 'packages/capture/README.md', 'packages/node/README.md', 'packages/cli/README.md']),
    );
    expect(blocks.filter((b) => b.kind === 'ts').length).toBeGreaterThanOrEqual(15);
    const problems = blocks.flatMap((b) => b.errors.map((error) => `${where(b.file, b.line)}: ${error}`));
    expect(problems).toEqual([]);
  });

  it('ts and js blocks compile with strict TypeScript', () => {
    const problems = compileBlocks(blocks, ROOT).map((d) => `${where(d.file, d.line)}: ${d.message}`);
    expect(problems).toEqual([]);
  }, 180_000);

  it('shell blocks pass bash -n and continue their lines as they look', () => {
    const problems: string[] = [];
    for (const block of blocks.filter((b) => b.kind === 'shell')) {
      const check = spawnSync('bash', ['-n'], { input: block.code, encoding: 'utf8' });
      if (check.status !== 0) problems.push(`${where(block.file, block.line)}: bash -n: ${check.stderr.trim()}`);
      for (const p of shellContinuationProblems(block.code)) problems.push(`${where(block.file, block.line + p.line)}: ${p.message}`);
    }
    expect(problems).toEqual([]);
  });

  it('json blocks parse', () => {
    const problems: string[] = [];
    for (const block of blocks.filter((b) => b.kind === 'json')) {
      try {
        JSON.parse(block.code);
      } catch (error) {
        problems.push(`${where(block.file, block.line)}: ${(error as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
