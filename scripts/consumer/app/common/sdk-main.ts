/**
 * Scenario `node-sdk`: the app owns its OpenTelemetry `NodeSDK` and adds agent-otel's processors with
 * `agentOtelSpanProcessors()` (./sdk-telemetry, imported first; ESM: `--import ./dist/sdk-telemetry.js`).
 */
import { shutdown } from './sdk-telemetry.js';
import { printReport, runAgent, runMain } from './agent.js';

runMain(async () => {
  const report = await runAgent('node-sdk');
  await shutdown();
  printReport(report);
});
