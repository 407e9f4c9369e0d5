/**
 * Runs the whole example: a queue broker (in this process, not traced), the consumer process and
 * the producer process, each traced by agent-otel, connected only by the broker's TCP protocol.
 * The producer publishes jobs; the trace context and baggage travel in each message's headers;
 * the consumer continues the producer's trace. Used by the end-to-end test; run on its own:
 *
 *   node dist/index.js
 *
 * OTEL_* variables (e.g. OTEL_EXPORTER_OTLP_ENDPOINT) are passed on to both processes.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startBroker } from './broker/broker';
import type { JobSpec } from './producer';
import { startNodeProcess, type ChildEvent, type NodeProcess } from './run/node-process';

/** Options of {@link runMessageQueueExample}. */
export interface RunOptions {
  /** Jobs to publish. Default: the producer's two samples. */
  jobs?: JobSpec[];
  /** Variables for both processes, merged over this process's environment. Default: none. */
  env?: NodeJS.ProcessEnv;
  /** Echo the processes' output here. Default false. */
  echo?: boolean;
  /** How long each stage (start, publish, process) may take, in ms. Default 20000. */
  timeoutMs?: number;
}

/** What the run did, as the two processes reported it. */
export interface RunReport {
  /** One event per job: `id`, `traceId`, `spanId` (of the send span), `sessionId`. */
  published: ChildEvent[];
  /** One event per job: `id`, `traceId`, `sessionId` (as the consumer saw it), `summary`. */
  processed: ChildEvent[];
}

const DIST = join(resolve(__dirname, '..'), 'dist');

/**
 * Starts broker and consumer, runs the producer to completion, waits until the consumer processed
 * every job, then stops the consumer (SIGTERM: it flushes its spans) and the broker. Needs the
 * compiled example (`npx tsc -b examples/message-queue`). Rejects with a process's stderr when a
 * stage fails.
 */
export async function runMessageQueueExample(options: RunOptions = {}): Promise<RunReport> {
  if (!existsSync(join(DIST, 'consumer.js'))) {
    throw new Error(`${DIST}/consumer.js is missing; build the example first: npx tsc -b examples/message-queue`);
  }
  const timeoutMs = options.timeoutMs ?? 20000;
  const broker = await startBroker();
  const env = { ...process.env, ...options.env, QUEUE_URL: broker.url };
  let consumer: NodeProcess | undefined;
  try {
    consumer = startNodeProcess('consumer', join(DIST, 'consumer.js'), env, options.echo);
    await consumer.waitFor((e) => e.event === 'ready', 1, timeoutMs);
    const producerEnv = options.jobs ? { ...env, JOBS: JSON.stringify(options.jobs) } : env;
    const producer = startNodeProcess('producer', join(DIST, 'producer.js'), producerEnv, options.echo);
    const code = await producer.exited();
    if (code !== 0) throw new Error(`the producer failed (exit code ${code}); its stderr:\n${producer.stderr()}`);
    const published = producer.events.filter((e) => e.event === 'published');
    const processed = await consumer.waitFor((e) => e.event === 'processed' || e.event === 'failed', published.length, timeoutMs);
    return { published, processed };
  } finally {
    await consumer?.stop();
    await broker.close();
  }
}

async function main(): Promise<void> {
  const report = await runMessageQueueExample({ echo: process.env.ECHO === '1' });
  for (const sent of report.published) {
    const done = report.processed.find((p) => p.id === sent.id);
    console.log(`job ${String(sent.id)}  session ${String(sent.sessionId)}  trace ${String(sent.traceId)}  → ${done ? String(done.summary) : 'not processed'}`);
  }
  console.log('\nOne trace per job: send agent-jobs (queue-producer) → process agent-jobs (queue-consumer) → invoke_agent → execute_tool.');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
