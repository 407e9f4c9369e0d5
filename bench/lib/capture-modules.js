'use strict';
/**
 * Loads the compiled `@agent-otel/capture` modules from packages/capture/dist. A module that is not
 * built (or not written yet) is reported as missing, so its scenarios are skipped with a note; a
 * module that exists but fails to load is an error and stops the scenario.
 */
const fs = require('node:fs');
const path = require('node:path');
const { ROOT } = require('./config');

const DIST = path.join(ROOT, 'packages', 'capture', 'dist');

/** Where each export the benchmark uses lives, relative to packages/capture/dist. */
const MODULES = {
  RingBufferSpanProcessor: 'ring-buffer-span-processor',
  OtlpHttpSpanExporter: 'export/otlp-http-span-exporter',
  createProtobufSpanEncoder: 'otlp/protobuf-span-encoder',
  WalSpanProcessor: 'wal-span-processor',
  WriteAheadLog: 'wal/write-ahead-log',
  ATTR_CAPTURE_MODE: 'capture-mode',
};

/**
 * The export `name`, or `{ missing: reason }` when its module is not built.
 * @throws when the module exists but does not load, or lacks the export.
 */
function loadExport(name) {
  const rel = MODULES[name];
  if (rel === undefined) throw new Error(`bench: no module known for ${name}`);
  const file = path.join(DIST, `${rel}.js`);
  if (!fs.existsSync(file)) return { missing: `packages/capture/dist/${rel}.js is not present (run npm run build, or the module is not written yet)` };
  const mod = require(file);
  if (mod[name] === undefined) throw new Error(`bench: packages/capture/dist/${rel}.js does not export ${name}`);
  return { value: mod[name] };
}

/** The reason the first missing export of `names` is unavailable, or undefined when all are present. */
function missingOf(names) {
  for (const name of names) {
    const rel = MODULES[name];
    if (!fs.existsSync(path.join(DIST, `${rel}.js`))) return `packages/capture/dist/${rel}.js is not present`;
  }
  return undefined;
}

/** The export `name`; throws when it is missing (callers check `missingOf` first). */
function requireExport(name) {
  const loaded = loadExport(name);
  if (loaded.missing) throw new Error(`bench: ${loaded.missing}`);
  return loaded.value;
}

module.exports = { missingOf, requireExport };
