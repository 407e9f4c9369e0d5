/** agent-otel's `register()` with the OpenTelemetry openai instrumentation of the 2.x line. */
import { register } from '@agent-otel/node';
import { OpenAIInstrumentation } from '@opentelemetry/instrumentation-openai';

const handle = register({
  serviceName: 'consumer-register',
  genai: { agentName: 'consumer-agent', agentVersion: '1.0.0' },
  instrumentations: [new OpenAIInstrumentation()],
});

/** Flushes and stops tracing. */
export function shutdown(): Promise<void> {
  return handle.shutdown();
}
