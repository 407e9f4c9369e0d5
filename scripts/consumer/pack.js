'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

/** The workspaces published to npm, in dependency order. */
const PUBLISHED = ['packages/capture', 'packages/genai', 'packages/node', 'packages/cli'];

/**
 * `npm pack`s every published package (as built: run `npm run build` first) into `destDir` and
 * returns `{ [packageName]: absoluteTarballPath }`. Throws when a package has no `dist/` (not built)
 * or npm reports no tarball for it.
 */
function packPublished(destDir) {
  fs.mkdirSync(destDir, { recursive: true });
  for (const dir of PUBLISHED) {
    if (!fs.existsSync(path.join(ROOT, dir, 'dist'))) throw new Error(`${dir} is not built (no dist/): run \`npm run build\` first`);
  }
  const args = ['pack', '--json', '--pack-destination', destDir, ...PUBLISHED.flatMap((dir) => ['--workspace', dir])];
  const packed = JSON.parse(execFileSync('npm', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  const tarballs = {};
  for (const entry of packed) tarballs[entry.name] = path.join(destDir, entry.filename);
  for (const dir of PUBLISHED) {
    const { name } = JSON.parse(fs.readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8'));
    if (!tarballs[name] || !fs.existsSync(tarballs[name])) throw new Error(`npm pack produced no tarball for ${name}`);
  }
  return tarballs;
}

module.exports = { packPublished, PUBLISHED };
