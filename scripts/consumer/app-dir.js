'use strict';
const fs = require('node:fs');
const path = require('node:path');

const APP_SOURCES = path.join(__dirname, 'app');

/** The strict TypeScript settings of every consumer app: library checks on, Node's module rules. */
const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    strict: true,
    skipLibCheck: false,
    noEmitOnError: true,
    types: ['node'],
    rootDir: 'src',
    outDir: 'dist',
  },
  include: ['src'],
};

/**
 * Creates the app of `cell` in `dir` (which must not exist yet): a package.json of the cell's module
 * type and no dependencies, the strict tsconfig.json, and src/ from app/common plus the cell's
 * overlay (its telemetry modules). Returns `dir`.
 */
function createAppDir(cell, dir) {
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  const pkg = { name: `agent-otel-consumer-${cell.id}`, version: '1.0.0', private: true, type: cell.moduleType };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2) + '\n');
  for (const from of [path.join(APP_SOURCES, 'common'), path.join(APP_SOURCES, cell.overlay)]) {
    for (const file of fs.readdirSync(from)) fs.copyFileSync(path.join(from, file), path.join(dir, 'src', file));
  }
  return dir;
}

module.exports = { createAppDir, TSCONFIG };
