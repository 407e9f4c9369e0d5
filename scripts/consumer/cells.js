'use strict';
/**
 * The consumer matrix: each cell is a fresh app outside the repository that installs agent-otel
 * from its packed tarballs next to one OpenTelemetry JS line from the registry, type-checks with
 * strict TypeScript (library checks on) and runs each scenario against a real Jaeger.
 *
 * `install` is the list of `npm install` commands the app runs, in order, exactly as the README's
 * install section tells a user to type them (the README is checked against them); the matrix
 * replaces each `@agent-otel/*` name by its packed tarball. A spec without a version is what
 * `npm i <name>` gives a user today (the `latest` dist-tag). `otelLine` is checked against the
 * `@opentelemetry/sdk-node` that was installed (0.2xx is the 2.x line, 0.3xx the 3.x line).
 *
 * Scenario fields: `main` (the compiled entry under dist/), `nodeArgs`, `openaiInstrumentation`
 * (an OpenTelemetry openai instrumentation runs beside the `traceLlmCall` helper, so each call has
 * two spans and one of them must be marked as the duplicate), `httpClientSpans` (an http/undici
 * instrumentation runs, so each call has exactly one HTTP client span), `feature` (the
 * compatibility-table row this scenario proves), `detail` (how this cell does it, the table's cell text).
 */

const FEATURE_REGISTER = "`register()` with the app's own instrumentations, `traceLlmCall` around `openai`";
const FEATURE_NODE_SDK = '`new NodeSDK({ spanProcessors: agentOtelSpanProcessors() })` + the OpenTelemetry openai instrumentation, `traceLlmCall` around `openai`';
const FEATURE_PRELOAD = 'preload, no tracing code, `traceLlmCall` around `openai`';

/** @typedef {{ name: string, feature: string, detail: string, main: string, nodeArgs: string[], openaiInstrumentation: boolean, httpClientSpans: boolean }} Scenario */
/** @typedef {{ id: string, title: string, nodeMajor: number, otelLine: number, moduleType: 'commonjs' | 'module', overlay: string, install: string[][], scenarios: Scenario[] }} Cell */

/** @type {Cell[]} */
const CELLS = [
  {
    id: 'node20-otel2-cjs',
    title: 'Node.js 20, OpenTelemetry JS 2.x, CommonJS',
    nodeMajor: 20,
    otelLine: 2,
    moduleType: 'commonjs',
    overlay: 'otel2-cjs',
    install: [
      [
        '@agent-otel/node',
        '@agent-otel/genai',
        '@agent-otel/capture',
        '@opentelemetry/api@~1.9.0',
        '@opentelemetry/sdk-node@^0.223.0',
        '@opentelemetry/instrumentation-http@^0.223.0',
        '@opentelemetry/instrumentation-undici@^0.33.0',
        '@opentelemetry/instrumentation-openai@^0.21.0',
        'openai@^6',
      ],
      ['--save-dev', '@agent-otel/cli', 'typescript@~5.9.3', '@types/node@^20'],
    ],
    scenarios: [
      {
        name: 'register',
        feature: FEATURE_REGISTER,
        detail: 'in code, `instrumentations: [new OpenAIInstrumentation()]`',
        main: 'register-main.js',
        nodeArgs: [],
        openaiInstrumentation: true,
        httpClientSpans: true,
      },
      { name: 'node-sdk', feature: FEATURE_NODE_SDK, detail: '`sdk-node` 0.2xx, in code', main: 'sdk-main.js', nodeArgs: [], openaiInstrumentation: true, httpClientSpans: false },
      {
        name: 'preload',
        feature: FEATURE_PRELOAD,
        detail: '`node --require @agent-otel/node/register`',
        main: 'preload-main.js',
        nodeArgs: ['--require', '@agent-otel/node/register'],
        openaiInstrumentation: false,
        httpClientSpans: true,
      },
    ],
  },
  {
    id: 'node24-otel3-esm',
    title: 'Node.js 24, OpenTelemetry JS 3.x, ES modules',
    nodeMajor: 24,
    otelLine: 3,
    moduleType: 'module',
    overlay: 'otel3-esm',
    install: [
      [
        '@agent-otel/node',
        '@agent-otel/genai',
        '@agent-otel/capture',
        '@opentelemetry/api',
        '@opentelemetry/sdk-node',
        '@opentelemetry/auto-instrumentations-node',
        '@opentelemetry/instrumentation-openai',
        'openai@^6',
      ],
      ['--save-dev', '@agent-otel/cli', 'typescript@~5.9.3', '@types/node@^24'],
    ],
    scenarios: [
      {
        name: 'register',
        feature: FEATURE_REGISTER,
        detail: '`instrumentations: getNodeAutoInstrumentations()`, `node --import ./dist/register-telemetry.js`',
        main: 'register-main.js',
        nodeArgs: ['--import', './dist/register-telemetry.js'],
        openaiInstrumentation: true,
        httpClientSpans: true,
      },
      {
        name: 'node-sdk',
        feature: FEATURE_NODE_SDK,
        detail: '`sdk-node` 0.3xx, `node --import ./dist/sdk-telemetry.js` (with the OpenTelemetry ESM hook)',
        main: 'sdk-main.js',
        nodeArgs: ['--import', './dist/sdk-telemetry.js'],
        openaiInstrumentation: true,
        httpClientSpans: false,
      },
      {
        name: 'preload',
        feature: FEATURE_PRELOAD,
        detail: '`node --import @agent-otel/node/register`',
        main: 'preload-main.js',
        nodeArgs: ['--import', '@agent-otel/node/register'],
        openaiInstrumentation: false,
        httpClientSpans: true,
      },
    ],
  },
];

/** True for the specs that name one of our packages (replaced by tarballs, left out of the baseline). */
function isOurs(spec) {
  return spec.startsWith('@agent-otel/');
}

/**
 * The install commands of `cell` with each `@agent-otel/*` name replaced by `tarballs[name]`, or,
 * with `tarballs` null, without our packages (the baseline the matrix compares OpenTelemetry copies
 * with). Commands left with no package are dropped.
 */
function installArgs(cell, tarballs) {
  return cell.install.map((args) => args.flatMap((spec) => (!isOurs(spec) ? [spec] : tarballs ? [tarballs[spec]] : []))).filter((args) => args.some((arg) => !arg.startsWith('-')));
}

module.exports = { CELLS, installArgs, isOurs };
