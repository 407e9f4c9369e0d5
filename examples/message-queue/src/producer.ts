/**
 * The producer process: publishes jobs to the broker at QUEUE_URL, each in its own trace with the
 * job's session id as W3C baggage, prints one JSON line per job
 * (`{"event":"published","id":...,"traceId":...,"spanId":...,"sessionId":...}`), flushes its spans
 * and exits. JOBS is a JSON array of `{"sessionId": "...", "question": "..."}` (default: two
 * samples). Exporter settings come from the standard OTEL_* variables.
 */
import { context, propagation } from '@opentelemetry/api';
import { register } from '@agent-otel/node';
import { connectQueue } from './broker/queue-client';
import { sendJob } from './send-job';

/** One job to publish. */
export interface JobSpec {
  sessionId: string;
  question: string;
}

/** The jobs published when JOBS is not set. */
export const SAMPLE_JOBS: readonly JobSpec[] = [
  { sessionId: 'session-mq-1', question: 'Summarize the flight options from Paris to Lisbon' },
  { sessionId: 'session-mq-2', question: 'What is the weather in Berlin tomorrow?' },
];

const telemetry = register({ serviceName: 'queue-producer', serviceVersion: '1.0.0' });

async function main(): Promise<void> {
  const url = process.env.QUEUE_URL;
  if (!url) throw new Error('QUEUE_URL (tcp://host:port of the broker) is not set');
  const jobs = process.env.JOBS ? (JSON.parse(process.env.JOBS) as JobSpec[]) : SAMPLE_JOBS;
  const client = await connectQueue(url);
  try {
    for (const job of jobs) {
      const withSession = propagation.setBaggage(context.active(), propagation.createBaggage({ 'session.id': { value: job.sessionId } }));
      const sent = await context.with(withSession, () => sendJob(client, url, { question: job.question }));
      console.log(JSON.stringify({ event: 'published', ...sent, sessionId: job.sessionId }));
    }
  } finally {
    client.close();
    await telemetry.shutdown();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
