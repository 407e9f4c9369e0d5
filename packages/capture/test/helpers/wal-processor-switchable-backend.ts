/**
 * A TCP front for a backend that can be taken down (nothing listens: connections are refused) and
 * brought back up on the same port, like a collector being restarted.
 */
import * as net from 'node:net';

/** Forwards connections on a fixed 127.0.0.1 port to `targetUrl`'s host and port while up. */
export class SwitchableBackend {
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly target: { host: string; port: number },
    private readonly port: number,
    /** `targetUrl` with the port of this front. */
    readonly url: string,
  ) {}

  /** Starts in front of `targetUrl` on a free port, up. */
  static async start(targetUrl: string): Promise<SwitchableBackend> {
    const target = new URL(targetUrl);
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const url = new URL(targetUrl);
    url.port = String(port);
    const backend = new SwitchableBackend({ host: target.hostname, port: Number(target.port) }, port, url.href);
    await backend.up();
    return backend;
  }

  /** Listens again on the same port. */
  async up(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((client) => this.forward(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** Stops listening and cuts every open connection. */
  async down(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private forward(client: net.Socket): void {
    const upstream = net.connect(this.target.port, this.target.host);
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
