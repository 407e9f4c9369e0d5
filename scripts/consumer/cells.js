'use strict';
/**
 * The consumer matrix: each cell is a fresh app outside the repository that installs agent-otel
 * from its packed tarballs next to one OpenTelemetry JS line from the registry, type-checks with
 * strict TypeScript (library checks on) and runs each scenario against a real Jaeger.
 *
 * `registry` lists what the app installs from the npm registry, exactly as the README tells a user
 * to type it (the `@agent-otel/*` names are replaced by the tarballs). A spec without a version is
 * what `npm i <name>` gives a user today (the `latest` dist-tag). `otelLine` is checked against the
 * `@opentelemetry/sdk-node` that was installed (0.2xx is the 2.x line, 0.3xx the 3.x line).
 *
 * Scenario fields: `main` (the compiled entry under dist/), `nodeArgs`, `openaiInstrumentation`
 * (an OpenTelemetry openai instrumentation runs beside the `traceLlmCall` helper, so each call has
 * two spans and one of them must be marked as the duplicate), `httpClientSpans` (an http/undici
 * instrumentation runs, so each call has exactly one HTTP client span), `feature` (the
 * compatibility-table row this scenario proves).
 */

/** @typedef {{ name: string, feature: string, main: string, nodeArgs: string[], openaiInstrumentation: boolean, httpClientSpans: boolean }} Scenario */
/** @typedef {{ id: string, title: string, nodeMajor: number, otelLine: number, moduleType: 'commonjs' | 'module', overlay: string, registry: string[], scenarios: Scenario[] }} Cell */

/** @type {Cell[]} */
const CELLS = [
  {
    id: 'node20-otel2-cjs',
    title: 'Node.js 20, OpenTelemetry JS 2.x, CommonJS',
    nodeMajor: 20,
    otelLine: 2,
    moduleType: 'commonjs',
    overlay: 'otel2-cjs',
    registry: [
      '@opentelemetry/api@^1.9.0',
      '@opentelemetry/sdk-node@^0.223.0',
      '@opentelemetry/instrumentation-openai@^0.21.0',
      'openai@^6',
      'typescript@~5.9.3',
      '@types/node@^20',
    ],
    scenarios: [
      { name: 'register', feature: '`register()` in code + openai instrumentation', main: 'register-main.js', nodeArgs: [], openaiInstrumentation: true, httpClientSpans: true },
      { name: 'node-sdk', feature: '`NodeSDK` + `agentOtelSpanProcessors()` + openai instrumentation', main: 'sdk-main.js', nodeArgs: [], openaiInstrumentation: true, httpClientSpans: false },
      { name: 'preload', feature: 'preload (`--require` / `--import @agent-otel/node/register`)', main: 'preload-main.js', nodeArgs: ['--require', '@agent-otel/node/register'], openaiInstrumentation: false, httpClientSpans: true },
    ],
  },
  {
    id: 'node24-otel3-esm',
    title: 'Node.js 24, OpenTelemetry JS 3.x, ES modules',
    nodeMajor: 24,
    otelLine: 3,
    moduleType: 'module',
    overlay: 'otel3-esm',
    registry: [
      '@opentelemetry/api',
      '@opentelemetry/sdk-node',
      '@opentelemetry/auto-instrumentations-node',
      '@opentelemetry/instrumentation-openai',
      'openai@^6',
      'typescript@~5.9.3',
      '@types/node@^24',
    ],
    scenarios: [
      { name: 'register', feature: '`register()` + `getNodeAutoInstrumentations()`', main: 'register-main.js', nodeArgs: ['--import', './dist/register-telemetry.js'], openaiInstrumentation: true, httpClientSpans: true },
      { name: 'node-sdk', feature: '`NodeSDK` + `agentOtelSpanProcessors()` + openai instrumentation', main: 'sdk-main.js', nodeArgs: ['--import', './dist/sdk-telemetry.js'], openaiInstrumentation: true, httpClientSpans: false },
      { name: 'preload', feature: 'preload (`--require` / `--import @agent-otel/node/register`)', main: 'preload-main.js', nodeArgs: ['--import', '@agent-otel/node/register'], openaiInstrumentation: false, httpClientSpans: true },
    ],
  },
];

module.exports = { CELLS };
