import * as net from 'node:net';
import { encodeFrame, isQueueMessage, LineSplitter, parseFrame, type QueueMessage } from './protocol';

/** A connection to the broker. */
export interface QueueClient {
  /** Queues `message` on `queue`; resolves once the broker has it, rejects when it refuses it or the connection ends. */
  publish(queue: string, message: QueueMessage): Promise<void>;
  /** Calls `handler` for every message delivered from `queue`; resolves once the broker has the subscription. */
  subscribe(queue: string, handler: (message: QueueMessage) => void): Promise<void>;
  /** Closes the connection; pending publishes are rejected. Idempotent. */
  close(): void;
}

/** Connects to a broker at `tcp://host:port`. */
export function connectQueue(url: string): Promise<QueueClient> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const pending = new Map<number, { resolve(): void; reject(err: Error): void }>();
    const handlers = new Map<string, (message: QueueMessage) => void>();
    const subscribing = new Map<string, { resolve(): void; reject(err: Error): void }>();
    const lines = new LineSplitter();
    let nextRef = 1;
    let open = true;

    const failAll = (err: Error) => {
      for (const waiting of [...pending.values(), ...subscribing.values()]) waiting.reject(err);
      pending.clear();
      subscribing.clear();
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      let received: string[];
      try {
        received = lines.push(chunk);
      } catch (err) {
        socket.destroy(err as Error);
        return;
      }
      for (const line of received) {
        const frame = parseFrame(line);
        const ref = typeof frame?.ref === 'number' ? frame.ref : -1;
        if (frame?.op === 'published') {
          pending.get(ref)?.resolve();
          pending.delete(ref);
        } else if (frame?.op === 'error') {
          pending.get(ref)?.reject(new Error(`broker refused the request: ${String(frame.message)}`));
          pending.delete(ref);
        } else if (frame?.op === 'subscribed' && typeof frame.queue === 'string') {
          subscribing.get(frame.queue)?.resolve();
          subscribing.delete(frame.queue);
        } else if (frame?.op === 'deliver' && typeof frame.queue === 'string' && isQueueMessage(frame.message)) {
          handlers.get(frame.queue)?.(frame.message);
        }
      }
    });
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', (err) => failAll(err));
      resolve({
        publish: (queue, message) =>
          new Promise<void>((ok, fail) => {
            if (!open) return fail(new Error('the queue connection is closed'));
            const ref = nextRef++;
            pending.set(ref, { resolve: ok, reject: fail });
            socket.write(encodeFrame({ op: 'publish', queue, message, ref }));
          }),
        subscribe: (queue, handler) =>
          new Promise<void>((ok, fail) => {
            if (!open) return fail(new Error('the queue connection is closed'));
            handlers.set(queue, handler);
            subscribing.set(queue, { resolve: ok, reject: fail });
            socket.write(encodeFrame({ op: 'subscribe', queue }));
          }),
        close: () => {
          open = false;
          socket.end();
        },
      });
    });
    socket.once('error', reject);
    socket.on('close', () => {
      open = false;
      failAll(new Error('the queue connection closed'));
    });
  });
}
