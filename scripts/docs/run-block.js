'use strict';
/**
 * Runs a README block marked `<!-- docs: run -->` (see readme-blocks.js) the way a reader would, in
 * an empty directory of their own, with substitutions so it reaches the test's backend and files
 * instead of theirs:
 * - the collector address the READMEs use, `http://localhost:4318`, becomes `otlpUrl`;
 * - the state directory they use, `/var/lib/my-agent`, becomes a directory inside the run's own;
 * - every script the block starts with `node` (`dist/server.js`, `server.mjs`, ...) is created as a
 *   one-line app that makes one span named `docs <path> <run id>` and exits, CommonJS for `.js` /
 *   `.cjs`, an ES module for `.mjs` (the run id, random per call, keeps runs apart in one backend).
 * A ts block is transpiled to one ES module (`block.mjs`) and run with `node`, with
 * `OTEL_EXPORTER_OTLP_ENDPOINT` set to `otlpUrl` (the collector a reader runs on localhost:4318) and
 * the caller's `env` (e.g. `OPENAI_BASE_URL` of a local stand-in).
 * The directory links the repository's node_modules, so `@agent-otel/*` resolves to the built
 * packages (build first). The caller's OTEL_* and AGENT_OTEL_* variables are removed, so only what
 * the block sets applies. Both runners resolve to `{ status, stdout, stderr, spans }`; for a shell
 * block, `spans` names the span each started script makes.
 */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const README_COLLECTOR = 'http://localhost:4318';
const README_STATE_DIR = '/var/lib/my-agent';

/** The script paths that `node ...` commands in `code` start. */
function startedScripts(code) {
  const scripts = new Set();
  for (const line of code.split('\n')) {
    const command = line.replace(/#.*$/, '');
    const match = /(?:^|\s)node\s(.*)$/.exec(command);
    if (!match) continue;
    for (const word of match[1].trim().split(/\s+/)) {
      if (/^[\w./-]+\.(?:mjs|cjs|js)$/.test(word)) scripts.add(word);
    }
  }
  return [...scripts];
}

function spanName(script, runId) {
  return `docs ${script} ${runId}`;
}

function appSource(script, runId) {
  const name = JSON.stringify(spanName(script, runId));
  return script.endsWith('.mjs')
    ? `import { trace } from '@opentelemetry/api';\ntrace.getTracer('docs').startSpan(${name}).end();\n`
    : `require('@opentelemetry/api').trace.getTracer('docs').startSpan(${name}).end();\n`;
}

/** A fresh directory linked to the repository's node_modules. */
function runDirectory(root) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-otel-docs-'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** `code` with the README's collector and state directory replaced by the run's. */
function substitute(code, otlpUrl, dir) {
  return code.split(README_COLLECTOR).join(otlpUrl).split(README_STATE_DIR).join(path.join(dir, 'var-lib-my-agent'));
}

/** Runs the ts `code` as an ES module in a fresh directory; see the module comment. */
function runTsBlock(code, { otlpUrl, root, env = {}, timeoutMs = 60_000 }) {
  const ts = require('typescript');
  const dir = runDirectory(root);
  const { outputText } = ts.transpileModule(substitute(code, otlpUrl, dir), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  fs.writeFileSync(path.join(dir, 'block.mjs'), outputText);
  return spawnIn(dir, 'node', ['block.mjs'], timeoutMs, [], { OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl, ...env });
}

/** Runs the shell `code` in a fresh directory; see the module comment. */
function runShellBlock(code, { otlpUrl, root, timeoutMs = 60_000 }) {
  const dir = runDirectory(root);
  const runId = crypto.randomBytes(4).toString('hex');
  const scripts = startedScripts(code);
  for (const script of scripts) {
    fs.mkdirSync(path.dirname(path.join(dir, script)), { recursive: true });
    fs.writeFileSync(path.join(dir, script), appSource(script, runId));
  }
  return spawnIn(
    dir,
    'bash',
    ['-e', '-c', substitute(code, otlpUrl, dir)],
    timeoutMs,
    scripts.map((s) => spanName(s, runId)),
  );
}

/** Runs `command` in `dir` with the OTEL_* / AGENT_OTEL_* variables removed, plus `extraEnv`; removes `dir` after. */
function spawnIn(dir, command, args, timeoutMs, spans, extraEnv = {}) {
  const inherited = Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_') && !key.startsWith('AGENT_OTEL_'));
  const env = { ...Object.fromEntries(inherited), ...extraEnv };
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      fs.rmSync(dir, { recursive: true, force: true });
      resolve({ status: signal ? `killed by ${signal} after ${timeoutMs} ms` : status, stdout, stderr, spans });
    });
  });
}

module.exports = { README_COLLECTOR, runShellBlock, runTsBlock, startedScripts };
