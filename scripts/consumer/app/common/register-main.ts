/**
 * Scenario `register`: tracing set up by `register()` from @agent-otel/node in ./register-telemetry
 * (imported first here, which is enough in CommonJS; an ES-module app loads it with
 * `node --import ./dist/register-telemetry.js`).
 */
import { shutdown } from './register-telemetry.js';
import { printReport, runAgent, runMain } from './agent.js';

runMain(async () => {
  const report = await runAgent('register');
  await shutdown();
  printReport(report);
});
