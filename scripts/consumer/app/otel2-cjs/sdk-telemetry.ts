/** A `NodeSDK` of the 2.x line (sdk-node 0.2xx) that the app owns, with agent-otel's processors. */
import { agentOtelSpanProcessors } from '@agent-otel/node';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';
import { NodeSDK } from '@opentelemetry/sdk-node';

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
