/**
 * agent-otel's `register()` beside the user's `getNodeAutoInstrumentations()` (3.x line), loaded
 * with `node --import ./dist/register-telemetry.js` so the hooks are in place before the app's imports.
 */
import { register } from '@agent-otel/node';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';

const handle = register({
  serviceName: 'consumer-register',
  genai: { agentName: 'consumer-agent', agentVersion: '1.0.0' },
  instrumentations: getNodeAutoInstrumentations(),
});

/** Flushes and stops tracing. */
export function shutdown(): Promise<void> {
  return handle.shutdown();
}
