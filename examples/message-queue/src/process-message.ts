import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Link } from '@opentelemetry/api';
import { extractContext } from '@agent-otel/node';
import type { QueueMessage } from './broker/protocol';
import {
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
  JOBS_QUEUE,
  MESSAGING_SYSTEM,
} from './messaging-attributes';

/**
 * Runs `handle` for one delivered message inside a `process agent-jobs` span (kind CONSUMER). The
 * context the producer put in the message's headers is read with `extractContext()`; per the
 * messaging conventions the span links to that creation context and, as one message is processed
 * at a time, is also its child — so producer and consumer share one trace. The sender's baggage
 * (session.id, ...) is active inside `handle`. A message without valid context starts a new trace.
 */
export function processMessage<T>(message: QueueMessage, handle: (message: QueueMessage) => Promise<T>): Promise<T> {
  const creation = extractContext(message.headers, ROOT_CONTEXT);
  const producer = trace.getSpanContext(creation);
  const links: Link[] = producer ? [{ context: producer }] : [];
  const tracer = trace.getTracer('agent-otel-example-message-queue');
  const span = tracer.startSpan(
    `process ${JOBS_QUEUE}`,
    {
      kind: SpanKind.CONSUMER,
      links,
      attributes: {
        [ATTR_MESSAGING_SYSTEM]: MESSAGING_SYSTEM,
        [ATTR_MESSAGING_OPERATION_TYPE]: 'process',
        [ATTR_MESSAGING_OPERATION_NAME]: 'process',
        [ATTR_MESSAGING_DESTINATION_NAME]: JOBS_QUEUE,
        [ATTR_MESSAGING_MESSAGE_ID]: message.id,
      },
    },
    creation,
  );
  return context.with(trace.setSpan(creation, span), async () => {
    try {
      return await handle(message);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}
