import * as http from 'node:http';
import * as net from 'node:net';

/** How a faulty backend behaves. */
export type BackendBehaviour = 'refuses' | 'blackholes' | 'never-answers' | 'answers-503' | 'accepts';

/** Every behaviour, the healthy one last. */
export const BACKEND_BEHAVIOURS: readonly BackendBehaviour[] = ['refuses', 'blackholes', 'never-answers', 'answers-503', 'accepts'];

/** A local backend on 127.0.0.1 behaving as asked; `url` is its OTLP traces URL. */
export interface FaultyBackend {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts a backend that
 * - `refuses`: nothing listens on the port (connection refused);
 * - `blackholes`: accepts TCP connections and never reads or writes a byte;
 * - `never-answers`: reads the HTTP request and never sends a response;
 * - `answers-503`: answers every request 503;
 * - `accepts`: answers every request 200.
 */
export async function startFaultyBackend(behaviour: BackendBehaviour): Promise<FaultyBackend> {
  const sockets = new Set<net.Socket>();
  const server: net.Server =
    behaviour === 'blackholes'
      ? net.createServer((socket) => socket.pause())
      : http.createServer((req, res) => {
          req.resume();
          req.on('end', () => {
            if (behaviour === 'never-answers') return;
            res.writeHead(behaviour === 'answers-503' ? 503 : 200, { 'content-type': 'application/x-protobuf' });
            res.end();
          });
        });
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const close = async (): Promise<void> => {
    if (!server.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  if (behaviour === 'refuses') await close();
  return { url: `http://127.0.0.1:${port}/v1/traces`, close };
}
