/**
 * Preload entry: `node --require @agent-otel/node/register app.js` (CommonJS) or
 * `node --import @agent-otel/node/register app.mjs` (ESM). Registers agent-otel from environment
 * variables alone (OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT, ...), so a service is traced
 * without code changes. It also installs the OpenTelemetry module hook (for ES modules) before the
 * application's first import, so every module can be instrumented, including those of
 * instrumentations the application adds later with an in-code register({ instrumentations }).
 *
 * It acts on the main thread only: Node also evaluates `--import` modules in its module-loader
 * thread, and worker threads inherit preloads; a worker that wants tracing calls register() itself.
 */
import { isMainThread } from 'node:worker_threads';
import { diag } from '@opentelemetry/api';
import { installEsmHook } from './esm-hook';
import { noteStartedByPreload } from './instrument-process';
import { register } from './register';

if (isMainThread) {
  const hook = installEsmHook();
  if (hook.state === 'failed') {
    diag.warn('agent-otel: the ESM instrumentation hook could not be installed; ES modules other than node: built-ins are not instrumented', hook.error);
  }
  noteStartedByPreload();
  try {
    register();
  } catch (err) {
    // Configuration comes from the environment alone here, and an invalid environment never stops
    // the application (OpenTelemetry's rule): every bad value is already replaced and reported, so
    // this is a last resort that keeps the application running without tracing.
    console.error(`agent-otel: tracing is off: ${(err as Error).message}`);
  }
}
