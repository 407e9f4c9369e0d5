import { context, propagation, type Context } from '@opentelemetry/api';
import { carrierGetter, carrierSetter, isMapLikeCarrier, isRecordCarrier, type Carrier } from './carrier-accessors';

/**
 * Writes the trace context and baggage of `ctx` (default: the active context) into `carrier` with
 * the registered propagator — `traceparent`, `tracestate` and `baggage` with agent-otel's — and
 * returns the carrier. Use it where a request or message does not go through the http/undici
 * instrumentations: queue payloads, custom transports, websocket messages. Without a carrier, or
 * with one that is not an object, a new plain object is returned. Never throws.
 *
 * ```ts
 * queue.publish({ body, headers: injectContext() });
 * ```
 */
export function injectContext<C extends Carrier = Record<string, string>>(carrier?: C, ctx?: Context): C {
  let target = {} as C;
  try {
    // Even the type checks can throw: a Proxy or an object whose `get`/`keys` getters throw.
    if (isRecordCarrier(carrier) || isMapLikeCarrier(carrier)) target = carrier;
    propagation.inject(asContext(ctx), target, carrierSetter);
  } catch {
    // The carrier keeps what it had; a broken carrier or propagator must not break the send.
  }
  return target;
}

/**
 * Reads trace context and baggage from `carrier` with the registered propagator and returns them
 * on top of `ctx` (default: the active context). Field names match in any casing; array values are
 * read as several header lines (so two `traceparent`s are invalid); a carrier that is not an
 * object, or holds no valid context, gives `ctx` back. Never throws.
 */
export function extractContext(carrier: unknown, ctx?: Context): Context {
  const base = asContext(ctx);
  try {
    return propagation.extract(base, carrier, carrierGetter);
  } catch {
    return base;
  }
}

/**
 * Runs `fn` with the context extracted from `carrier` as the active context (spans started inside
 * are children of the sender's span, with its baggage) and returns what `fn` returns. Extraction
 * never throws; errors thrown by `fn` reach the caller.
 *
 * ```ts
 * queue.consume((message) => withExtractedContext(message.headers, () => handle(message)));
 * ```
 */
export function withExtractedContext<T>(carrier: unknown, fn: (ctx: Context) => T): T {
  const ctx = extractContext(carrier);
  return context.with(ctx, fn, undefined, ctx);
}

/** `ctx` when it is a Context, else the active context. */
function asContext(ctx: Context | undefined): Context {
  try {
    return ctx !== undefined && ctx !== null && typeof (ctx as Partial<Context>).getValue === 'function' ? ctx : context.active();
  } catch {
    return context.active();
  }
}
