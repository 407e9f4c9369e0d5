'use strict';
/**
 * The public entry points of the published packages, each with its API report
 * (`packages/<packageDir>/api/<reportName>.api.md`). Keep it in step with the `exports` maps:
 * a public subpath added there gets a row here. `@agent-otel/node/register` is the preload and
 * exports nothing; `@agent-otel/capture/internal` is for the other @agent-otel packages only.
 */
const ENTRY_POINTS = [
  { specifier: '@agent-otel/genai', packageDir: 'genai', file: 'index', reportName: 'genai' },
  { specifier: '@agent-otel/genai/attributes', packageDir: 'genai', file: 'attributes', reportName: 'genai-attributes' },
  { specifier: '@agent-otel/capture', packageDir: 'capture', file: 'index', reportName: 'capture' },
  { specifier: '@agent-otel/node', packageDir: 'node', file: 'index', reportName: 'node' },
  { specifier: '@agent-otel/cli', packageDir: 'cli', file: 'index', reportName: 'cli' },
];

module.exports = { ENTRY_POINTS };
