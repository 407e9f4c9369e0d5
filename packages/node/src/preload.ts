/**
 * Preload entry: `node --require @agent-otel/node/register app.js` (CommonJS) or
 * `node --import @agent-otel/node/register app.mjs` (ESM). Registers agent-otel from environment
 * variables alone (OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT, ...), so a service is traced
 * without code changes. For ESM applications it also installs the OpenTelemetry module hook so
 * instrumentations can patch ES modules.
 *
 * It acts on the main thread only: Node also evaluates `--import` modules in its module-loader
 * thread, and worker threads inherit preloads; a worker that wants tracing calls register() itself.
 */
import * as nodeModule from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { diag } from '@opentelemetry/api';
import { register } from './register';

if (isMainThread) {
  const registerHook = (nodeModule as { register?: (specifier: string, parentURL: string) => void }).register;
  if (typeof registerHook === 'function') {
    try {
      registerHook('@opentelemetry/instrumentation/hook.mjs', pathToFileURL(__filename).href);
    } catch (err) {
      diag.warn('agent-otel: the ESM instrumentation hook could not be installed; ES modules other than node: built-ins are not instrumented', err);
    }
  }
  try {
    register();
  } catch (err) {
    // Configuration comes from the environment alone here, and an invalid environment never stops
    // the application (OpenTelemetry's rule): every bad value is already replaced and reported, so
    // this is a last resort that keeps the application running without tracing.
    console.error(`agent-otel: tracing is off: ${(err as Error).message}`);
  }
}
