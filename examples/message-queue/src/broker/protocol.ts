/**
 * The wire protocol of the example's queue broker: one JSON object per line (NDJSON) over a plain
 * TCP connection. A transport the http/undici instrumentations never see, so the trace context can
 * only travel inside the message itself.
 *
 *   client → broker  {"op":"publish","queue":"q","message":{...},"ref":1}   enqueue one message
 *   broker → client  {"op":"published","ref":1}                             the message is queued
 *   client → broker  {"op":"subscribe","queue":"q"}                         receive q's messages
 *   broker → client  {"op":"subscribed","queue":"q"}                        from now on
 *   broker → client  {"op":"deliver","queue":"q","message":{...}}           one message
 *   broker → client  {"op":"error","ref":1,"message":"..."}                 a request was refused
 */

/** A queued message: an id, a body, and string headers such as `traceparent` and `baggage`. */
export interface QueueMessage {
  id: string;
  body: unknown;
  headers: Record<string, string>;
}

/** What a client sends. */
export type ClientFrame = { op: 'publish'; queue: string; message: QueueMessage; ref: number } | { op: 'subscribe'; queue: string };

/** What the broker sends. */
export type BrokerFrame =
  { op: 'published'; ref: number } | { op: 'subscribed'; queue: string } | { op: 'deliver'; queue: string; message: QueueMessage } | { op: 'error'; ref?: number; message: string };

/** Longest line either side accepts, in characters; a longer one closes the connection. */
export const MAX_LINE_CHARS = 1024 * 1024;

/** Serializes one frame as a line. */
export function encodeFrame(frame: ClientFrame | BrokerFrame): string {
  return JSON.stringify(frame) + '\n';
}

/**
 * Splits a stream of text into lines: feed it chunks, get back the complete lines (without the
 * newline). Throws when a line grows past {@link MAX_LINE_CHARS} without ending.
 */
export class LineSplitter {
  private pending = '';

  /** The complete lines in `pending + chunk`; the unfinished rest is kept for the next chunk. */
  push(chunk: string): string[] {
    const lines = (this.pending + chunk).split('\n');
    this.pending = lines.pop() ?? '';
    if (this.pending.length > MAX_LINE_CHARS) throw new Error(`line longer than ${MAX_LINE_CHARS} characters`);
    return lines.filter((line) => line.trim() !== '');
  }
}

/** Parses a line into an object with an `op` string, or returns undefined for anything else. */
export function parseFrame(line: string): ({ op: string } & Record<string, unknown>) | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value === 'object' && value !== null && typeof (value as { op?: unknown }).op === 'string') {
      return value as { op: string } & Record<string, unknown>;
    }
  } catch {
    // not JSON
  }
  return undefined;
}

/** Whether `value` has the shape of a {@link QueueMessage}. */
export function isQueueMessage(value: unknown): value is QueueMessage {
  const m = value as Partial<QueueMessage> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof m.id === 'string' &&
    typeof m.headers === 'object' &&
    m.headers !== null &&
    Object.values(m.headers).every((v) => typeof v === 'string')
  );
}
