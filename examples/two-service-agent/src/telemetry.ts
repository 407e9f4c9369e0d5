/**
 * agent-otel for the agent service. Imported first by `agent-service.ts`, so `http` and `fetch`
 * are instrumented before any other module loads them. Exporter settings come from the standard
 * OTEL_* variables (OTEL_EXPORTER_OTLP_ENDPOINT, ...).
 */
import { register } from '@agent-otel/node';

/** The registered telemetry; `shutdown()` flushes the spans still buffered. */
export const telemetry = register({
  serviceName: 'agent-service',
  serviceVersion: '1.0.0',
  genai: { agentName: 'travel-assistant', agentVersion: '1.0.0' },
});
