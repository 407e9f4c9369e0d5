import { randomUUID } from 'node:crypto';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { injectContext } from '@agent-otel/node';
import type { QueueClient } from './broker/queue-client';
import {
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_BODY_SIZE,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  JOBS_QUEUE,
  MESSAGING_SYSTEM,
} from './messaging-attributes';

/** A job sent: the message id and the trace it started. */
export interface SentJob {
  id: string;
  traceId: string;
  /** The span id of the `send` span: the parent of the consumer's `process` span. */
  spanId: string;
}

/**
 * Publishes `body` on the jobs queue inside a `send agent-jobs` span (kind PRODUCER). The span's
 * context and the active baggage go into the message's headers with `injectContext()`: the broker
 * only moves bytes, so the message itself carries the trace to the consumer.
 */
export function sendJob(client: QueueClient, brokerUrl: string, body: unknown): Promise<SentJob> {
  const id = randomUUID();
  const { hostname, port } = new URL(brokerUrl);
  const tracer = trace.getTracer('agent-otel-example-message-queue');
  return tracer.startActiveSpan(
    `send ${JOBS_QUEUE}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM,
        [ATTR_MESSAGING_OPERATION_TYPE]: 'send',
        [ATTR_MESSAGING_OPERATION_NAME]: 'send',
        [ATTR_MESSAGING_DESTINATION_NAME]: JOBS_QUEUE,
        [ATTR_MESSAGING_MESSAGE_ID]: id,
        [ATTR_MESSAGING_MESSAGE_BODY_SIZE]: Buffer.byteLength(JSON.stringify(body) ?? ''),
        [ATTR_SERVER_ADDRESS]: hostname,
        [ATTR_SERVER_PORT]: Number(port),
      },
    },
    async (span) => {
      try {
        // The active context is this span's, with the caller's baggage.
        await client.publish(JOBS_QUEUE, { id, body, headers: injectContext() });
        const { traceId, spanId } = span.spanContext();
        return { id, traceId, spanId };
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
