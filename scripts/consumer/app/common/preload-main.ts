/**
 * Scenario `preload`: no tracing code at all; run with `node --require @agent-otel/node/register`
 * (CommonJS) or `node --import @agent-otel/node/register` (ESM) and configured by OTEL_* variables.
 * The preload flushes on exit.
 */
import { printReport, runAgent, runMain } from './agent.js';

runMain(async () => {
  printReport(await runAgent('preload'));
});
