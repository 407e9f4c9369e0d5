'use strict';
/**
 * Runs a README shell block marked `<!-- docs: run -->` (see readme-blocks.js) the way a reader
 * would, in an empty directory of their own, with two substitutions so it reaches the test's
 * backend instead of theirs:
 * - the collector address the READMEs use, `http://localhost:4318`, becomes `otlpUrl`;
 * - every script the block starts with `node` (`dist/server.js`, `server.mjs`, ...) is created as a
 *   one-line app that makes one span named `docs <path> <run id>` and exits, CommonJS for `.js` /
 *   `.cjs`, an ES module for `.mjs` (the run id, random per call, keeps runs apart in one backend).
 * The directory links the repository's node_modules, so `@agent-otel/node/register` resolves to
 * the built packages (build first). The caller's OTEL_* and AGENT_OTEL_* variables are removed, so
 * only what the block sets applies. Resolves to `{ status, stdout, stderr, spans }`, where `spans`
 * names the span each started script makes.
 */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const README_COLLECTOR = 'http://localhost:4318';

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

/** Runs `code` in a fresh directory; see the module comment. */
function runShellBlock(code, { otlpUrl, root, timeoutMs = 60_000 }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-otel-docs-'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const runId = crypto.randomBytes(4).toString('hex');
  const scripts = startedScripts(code);
  for (const script of scripts) {
    fs.mkdirSync(path.dirname(path.join(dir, script)), { recursive: true });
    fs.writeFileSync(path.join(dir, script), appSource(script, runId));
  }
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OTEL_') && !key.startsWith('AGENT_OTEL_')));
  const script = code.split(README_COLLECTOR).join(otlpUrl);
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-e', '-c', script], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      fs.rmSync(dir, { recursive: true, force: true });
      resolve({ status: signal ? `killed by ${signal} after ${timeoutMs} ms` : status, stdout, stderr, spans: scripts.map((s) => spanName(s, runId)) });
    });
  });
}

module.exports = { README_COLLECTOR, runShellBlock, startedScripts };
