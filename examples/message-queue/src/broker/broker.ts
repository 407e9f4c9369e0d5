import * as net from 'node:net';
import { encodeFrame, isQueueMessage, LineSplitter, parseFrame, type QueueMessage } from './protocol';

/** A running broker. */
export interface Broker {
  /** Where clients connect: `tcp://127.0.0.1:<port>`. */
  url: string;
  /** Messages waiting for a subscriber, per queue. */
  depth(queue: string): number;
  /** Stops listening and closes every connection. Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link startBroker}. */
export interface BrokerOptions {
  /** Port to listen on. Default 0 (a free port). */
  port?: number;
  /** Address to listen on. Default `127.0.0.1`. */
  host?: string;
}

/**
 * Starts an in-memory message broker on TCP (protocol in `protocol.ts`). Each queue delivers every
 * message to one of its subscribers, in turn; messages published while a queue has no subscriber
 * wait in memory until one subscribes. Delivery is at most once (there are no acknowledgements): an
 * example transport, not a durable queue. The broker knows nothing of tracing.
 */
export async function startBroker(options: BrokerOptions = {}): Promise<Broker> {
  const waiting = new Map<string, QueueMessage[]>();
  const subscribers = new Map<string, net.Socket[]>();
  const sockets = new Set<net.Socket>();

  const deliver = (queue: string): void => {
    const subs = subscribers.get(queue) ?? [];
    const backlog = waiting.get(queue) ?? [];
    while (subs.length > 0 && backlog.length > 0) {
      const socket = subs.shift()!;
      subs.push(socket); // round robin
      socket.write(encodeFrame({ op: 'deliver', queue, message: backlog.shift()! }));
    }
  };

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setEncoding('utf8');
    const lines = new LineSplitter();
    socket.on('data', (chunk: string) => {
      let frames: string[];
      try {
        frames = lines.push(chunk);
      } catch (err) {
        socket.end(encodeFrame({ op: 'error', message: (err as Error).message }));
        return;
      }
      for (const line of frames) {
        const frame = parseFrame(line);
        const ref = typeof frame?.ref === 'number' ? frame.ref : undefined;
        const queue = frame?.queue;
        if (frame?.op === 'publish' && typeof queue === 'string' && isQueueMessage(frame.message)) {
          waiting.set(queue, [...(waiting.get(queue) ?? []), frame.message]);
          socket.write(encodeFrame({ op: 'published', ref: ref ?? 0 }));
          deliver(queue);
        } else if (frame?.op === 'subscribe' && typeof queue === 'string') {
          subscribers.set(queue, [...(subscribers.get(queue) ?? []), socket]);
          socket.write(encodeFrame({ op: 'subscribed', queue }));
          deliver(queue);
        } else {
          socket.write(encodeFrame({ op: 'error', ref, message: `invalid request: ${line.slice(0, 200)}` }));
        }
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      sockets.delete(socket);
      for (const [queue, subs] of subscribers)
        subscribers.set(
          queue,
          subs.filter((s) => s !== socket),
        );
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as net.AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `tcp://${address.address}:${address.port}`,
    depth: (queue) => waiting.get(queue)?.length ?? 0,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      })),
  };
}
