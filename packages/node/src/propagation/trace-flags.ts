import { createContextKey, type Context, type SpanContext } from '@opentelemetry/api';

/** The `sampled` bit of `trace-flags` (W3C Trace Context Level 2, #sampled-flag). */
export const FLAG_SAMPLED = 0x01;
/** The `random-trace-id` bit of `trace-flags` (W3C Trace Context Level 2, #random-trace-id-flag). */
export const FLAG_RANDOM = 0x02;
/** The bits Level 2 defines; every other bit is reserved and sent as zero (#other-flags). */
export const KNOWN_FLAGS = FLAG_SAMPLED | FLAG_RANDOM;

/** The random-trace-id flag a received `traceparent` carried, with the trace id it belongs to. */
interface ReceivedRandomFlag {
  readonly traceId: string;
  readonly random: boolean;
}

/**
 * Context key under which extraction records the received random-trace-id flag. The SDK gives
 * child spans only the `sampled` bit, so the flag of the inbound `traceparent` would otherwise be
 * lost before the outbound one is written; the context the server span runs in carries it on.
 */
const RECEIVED_RANDOM_FLAG = createContextKey('agent-otel.w3c.received-random-trace-id-flag');

/** `context` recording that the `traceparent` received for `traceId` had the random flag `random`. */
export function withReceivedRandomFlag(context: Context, traceId: string, random: boolean): Context {
  const record: ReceivedRandomFlag = { traceId, random };
  return context.setValue(RECEIVED_RANDOM_FLAG, record);
}

/**
 * The random-trace-id flag to send for `spanContext` (#random-trace-id-flag: an outbound
 * `traceparent` with the same trace-id as the inbound one carries the inbound flag, set or unset):
 * - the bit itself when the span context has it (a remote context, or one a user built);
 * - else the flag received for this trace id, when the context recorded one;
 * - else, for a remote context without the bit, unset;
 * - else (a trace this process started) `localTraceIdsAreRandom`.
 */
export function randomFlagToSend(context: Context, spanContext: SpanContext, localTraceIdsAreRandom: boolean): boolean {
  if ((Number(spanContext.traceFlags) & FLAG_RANDOM) === FLAG_RANDOM) return true;
  const received = context.getValue(RECEIVED_RANDOM_FLAG) as ReceivedRandomFlag | undefined;
  if (received !== undefined && received.traceId === spanContext.traceId) return received.random;
  if (spanContext.isRemote === true) return false;
  return localTraceIdsAreRandom;
}
