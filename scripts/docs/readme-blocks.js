'use strict';
/**
 * Reads the fenced code blocks of the project's READMEs, so `npm test` can compile or run every one.
 *
 * Which files: README.md, packages/<name>/README.md and examples/<name>/README.md.
 *
 * What each block needs, by its language (the word after the opening fence):
 * - `ts` / `typescript`: compiled with strict TypeScript (see compile-blocks.js), as an ES module of
 *   its own. A block that is deliberately a fragment says so right above it, and declares what it
 *   uses; the declarations are compiled with it:
 *       <!-- docs: fragment
 *       declare const openai: import('openai').OpenAI;
 *       -->
 *   A whole program marked `<!-- docs: run -->` is also run against a real Jaeger (run-block.js);
 *   `<!-- docs: run: with the ts block above -->` runs it after the previous ts block of the file,
 *   as one program (a setup block, then the code that uses it).
 * - `js` / `javascript` / `mjs`: the same, type-checked as JavaScript.
 * - `bash` / `sh` / `shell`: syntax-checked with `bash -n` and checked for a `\` continuation that
 *   ends early; and marked `<!-- docs: run -->` (the test runs it against a real Jaeger, see
 *   run-block.js) or `<!-- docs: not-run: why -->`.
 * - `json`: parsed.
 * - `text`: output, trees and diagrams; nothing to check.
 * A block without a language, a language not listed here, or an unknown `docs:` marker is an error:
 * nothing is skipped without a visible reason.
 */
const fs = require('node:fs');
const path = require('node:path');

/** The argument of `docs: run` that runs a ts block after the ts block above it. */
const WITH_PREVIOUS = 'with the ts block above';

const LANGUAGES = {
  ts: 'ts',
  typescript: 'ts',
  js: 'js',
  javascript: 'js',
  mjs: 'js',
  bash: 'shell',
  sh: 'shell',
  shell: 'shell',
  json: 'json',
  text: 'text',
};

/** The READMEs whose blocks are checked, as absolute paths, sorted. */
function findReadmes(root) {
  const files = [path.join(root, 'README.md')];
  for (const dir of ['packages', 'examples']) {
    const parent = path.join(root, dir);
    if (!fs.existsSync(parent)) continue;
    for (const name of fs.readdirSync(parent).sort()) {
      const readme = path.join(parent, name, 'README.md');
      if (fs.existsSync(readme)) files.push(readme);
    }
  }
  return files.filter((file) => fs.existsSync(file));
}

/**
 * The fenced blocks of `markdown`: `{ file, line, info, kind, code, marker, errors }`, where `line`
 * is the 1-based line of the opening fence, `kind` one of ts / js / shell / json / text (undefined
 * when the language is missing or unknown), `marker` the `docs:` comment right above the fence
 * (`{ directive: 'fragment' | 'run' | 'not-run', prelude, reason, line }`), and `errors` what is
 * wrong with the block's form (not its content).
 */
function extractBlocks(markdown, file) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const body = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      if (lines[j].trimStart().startsWith(fence) && lines[j].trim().replace(/[`~]/g, '') === '') break;
      body.push(indent && lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    }
    const errors = [];
    if (j === lines.length) errors.push('the block is never closed');
    const kind = LANGUAGES[info.toLowerCase()];
    if (info === '') errors.push('the block has no language: name one (text for output, trees and diagrams)');
    else if (kind === undefined) errors.push(`unknown block language "${info}" (known: ${Object.keys(LANGUAGES).join(', ')})`);
    const marker = markerAbove(lines, i, errors);
    if (marker?.directive === 'fragment' && kind !== 'ts' && kind !== 'js') errors.push('only ts and js blocks can be fragments');
    if (marker?.directive === 'run' && kind !== 'shell' && kind !== 'ts') errors.push('"docs: run" applies to shell and ts blocks only');
    if (marker?.directive === 'not-run' && kind !== 'shell') errors.push('"docs: not-run" applies to shell blocks only');
    if (kind === 'shell' && marker === undefined) {
      errors.push('a shell block needs <!-- docs: run --> or <!-- docs: not-run: why --> right above it');
    }
    if (marker?.withPrevious && !blocks.some((b) => b.kind === 'ts')) errors.push(`"${WITH_PREVIOUS}": there is no ts block above`);
    blocks.push({ file, line: i + 1, info, kind, code: body.join('\n'), marker, errors });
    i = j;
  }
  return blocks;
}

/** The `<!-- docs: ... -->` comment that ends on the line right above line `fence` (0-based), if any. */
function markerAbove(lines, fence, errors) {
  const end = fence - 1;
  if (end < 0 || !lines[end].trimEnd().endsWith('-->')) return undefined;
  let start = end;
  while (start >= 0 && !lines[start].includes('<!--')) start--;
  if (start < 0) return undefined;
  const text = lines.slice(start, end + 1).join('\n');
  const comment = /<!--\s*docs:\s*([\s\S]*?)-->\s*$/.exec(text.slice(text.indexOf('<!--')));
  if (!comment) return undefined;
  const content = comment[1];
  const head = /^([a-z-]+)\s*(?::\s*([^\n]*))?/.exec(content.trim());
  const directive = head?.[1];
  if (directive === 'fragment') {
    const firstBreak = content.indexOf('\n');
    const prelude = firstBreak === -1 ? '' : content.slice(firstBreak + 1);
    return { directive, prelude, preludeLine: start + 2, line: start + 1 };
  }
  if (directive === 'run') {
    const argument = (head[2] ?? '').trim();
    if (argument !== '' && argument !== WITH_PREVIOUS) errors.push(`"docs: run" takes no argument but "${WITH_PREVIOUS}"; got "${argument}"`);
    return { directive, withPrevious: argument === WITH_PREVIOUS, line: start + 1 };
  }
  if (directive === 'not-run') {
    const reason = (head[2] ?? '').trim();
    if (reason === '') errors.push('"docs: not-run" needs a reason: <!-- docs: not-run: why -->');
    return { directive, reason, line: start + 1 };
  }
  errors.push(`unknown marker "docs: ${content.trim().split('\n')[0]}" (known: fragment, run, not-run)`);
  return undefined;
}

/**
 * Problems of a shell block that `bash -n` accepts: a command continued with `\` whose next line,
 * indented like a continuation, is in fact a new command (the variables before the first line then
 * apply to that line only). Returns `{ line, message }` with 1-based lines within the block.
 */
function shellContinuationProblems(code) {
  const problems = [];
  const lines = code.split('\n');
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!lines[i].trimEnd().endsWith('\\')) continue;
    // Find the line that ends this command, then look at the one after it.
    let last = i + 1;
    while (last < lines.length && lines[last].trimEnd().endsWith('\\')) last++;
    const next = lines[last + 1];
    const indent = (line) => line.length - line.trimStart().length;
    if (next !== undefined && next.trim() !== '' && !next.trim().startsWith('#') && indent(next) > indent(lines[i]) && indent(next) >= indent(lines[last])) {
      problems.push({
        line: last + 2,
        message: `line ${last + 2} is indented as a continuation, but line ${last + 1} does not end with "\\": it runs as a separate command, without what the command before it set`,
      });
    }
    i = last;
  }
  return problems;
}

module.exports = { LANGUAGES, extractBlocks, findReadmes, shellContinuationProblems };
