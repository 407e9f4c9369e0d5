/**
 * The consumer process: subscribes to the jobs queue of the broker at QUEUE_URL and processes each
 * message inside a `process agent-jobs` span that continues the producer's trace, printing
 * `{"event":"ready"}` once subscribed and one JSON line per message
 * (`{"event":"processed","id":...,"traceId":...,"sessionId":...,"summary":...}`, or
 * `"event":"failed"`). SIGTERM flushes its spans and exits. Exporter settings come from the
 * standard OTEL_* variables.
 */
import { trace } from '@opentelemetry/api';
import { register } from '@agent-otel/node';
import { connectQueue } from './broker/queue-client';
import { JOBS_QUEUE } from './messaging-attributes';
import { processMessage } from './process-message';
import { summarizeJob } from './summarize-job';

const telemetry = register({
  serviceName: 'queue-consumer',
  serviceVersion: '1.0.0',
  genai: { agentName: 'queue-summarizer', agentVersion: '1.0.0' },
});

async function main(): Promise<void> {
  const url = process.env.QUEUE_URL;
  if (!url) throw new Error('QUEUE_URL (tcp://host:port of the broker) is not set');
  const client = await connectQueue(url);
  await client.subscribe(JOBS_QUEUE, (message) => {
    processMessage(message, async (m) => ({ ...(await summarizeJob(m)), traceId: trace.getActiveSpan()?.spanContext().traceId }))
      .then((result) => console.log(JSON.stringify({ event: 'processed', id: message.id, ...result })))
      .catch((error: unknown) => console.log(JSON.stringify({ event: 'failed', id: message.id, error: String(error) })));
  });
  console.log(JSON.stringify({ event: 'ready' }));
  process.once('SIGTERM', () => {
    client.close();
    void telemetry.shutdown().finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
