/** Types of the docs harness in scripts/docs/ (plain CommonJS, so it runs before any build). */
export interface Marker {
  directive: 'fragment' | 'run' | 'not-run';
  withPrevious?: boolean;
  prelude?: string;
  reason?: string;
  line: number;
}

export interface Block {
  file: string;
  line: number;
  info: string;
  kind: 'ts' | 'js' | 'shell' | 'json' | 'text' | undefined;
  code: string;
  marker: Marker | undefined;
  errors: string[];
}

export interface BlockDiagnostic {
  file: string | undefined;
  line: number | undefined;
  message: string;
}

/* eslint-disable @typescript-eslint/no-require-imports */
export const { extractBlocks, findReadmes, shellContinuationProblems } = require('../../../../scripts/docs/readme-blocks') as {
  extractBlocks(markdown: string, file: string): Block[];
  findReadmes(root: string): string[];
  shellContinuationProblems(code: string): Array<{ line: number; message: string }>;
};
export const { compileBlocks } = require('../../../../scripts/docs/compile-blocks') as {
  compileBlocks(blocks: Block[], root: string): BlockDiagnostic[];
};
/** What a run of a README block gave. */
export interface BlockRun {
  status: number | string;
  stdout: string;
  stderr: string;
  spans: string[];
}
type RunOptions = { otlpUrl: string; root: string; env?: Record<string, string>; timeoutMs?: number };
export const { runShellBlock, runTsBlock, startedScripts, README_COLLECTOR } = require('../../../../scripts/docs/run-block') as {
  README_COLLECTOR: string;
  startedScripts(code: string): string[];
  runShellBlock(code: string, options: RunOptions): Promise<BlockRun>;
  runTsBlock(code: string, options: RunOptions): Promise<BlockRun>;
};
