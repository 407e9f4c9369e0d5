/**
 * A `NodeSDK` of the 3.x line that the app owns, with agent-otel's processors, loaded with
 * `node --import ./dist/sdk-telemetry.js`; the OpenTelemetry ESM hook is installed first so the
 * openai instrumentation can patch the ES module the app imports.
 */
import { register as registerModuleHook } from 'node:module';
import { agentOtelSpanProcessors } from '@agent-otel/node';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { NodeSDK } from '@opentelemetry/sdk-node';

registerModuleHook('@opentelemetry/instrumentation/hook.mjs', import.meta.url);

const sdk = new NodeSDK({
  serviceName: 'consumer-node-sdk',
  spanProcessors: agentOtelSpanProcessors({ genai: { agentName: 'consumer-agent', agentVersion: '1.0.0' } }),
  instrumentations: [new OpenAIInstrumentation()],
});
sdk.start();

/** Flushes and stops tracing. */
export function shutdown(): Promise<void> {
  return sdk.shutdown();
}
