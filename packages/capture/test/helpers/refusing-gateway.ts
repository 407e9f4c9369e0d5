/**
 * An HTTP front for a real backend that answers every request with one status while "refusing"
 * (a rotated token: 401; a wrong path at a proxy: 404), and forwards requests unchanged once it
 * accepts — like a gateway whose configuration is fixed while the service keeps running.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export class RefusingGateway {
  /** Requests answered with the refusing status, total. */
  refused = 0;
  /** Requests forwarded to the backend, total. */
  forwarded = 0;
  private refusingWith: number | undefined;

  private constructor(
    private readonly server: http.Server,
    /** The traces URL of this front (same path as the target). */
    readonly url: string,
  ) {}

  /** Starts in front of `targetUrl` (an OTLP/HTTP traces URL) on a free 127.0.0.1 port, refusing with `status`. */
  static async start(targetUrl: string, status: number): Promise<RefusingGateway> {
    const target = new URL(targetUrl);
    let gateway: RefusingGateway | undefined;
    const server = http.createServer((req, res) => gateway!.handle(req, res, target));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = new URL(targetUrl);
    url.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    gateway = new RefusingGateway(server, url.href);
    gateway.refusingWith = status;
    return gateway;
  }

  /** From now on, forwards every request to the backend. */
  accept(): void {
    this.refusingWith = undefined;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, target: URL): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (this.refusingWith !== undefined) {
        this.refused++;
        res.writeHead(this.refusingWith, { 'content-type': 'text/plain' }).end(`refused by the test gateway (${this.refusingWith})`);
        return;
      }
      this.forwarded++;
      const headers = { ...req.headers, host: target.host };
      const upstream = http.request(target, { method: req.method, headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      upstream.end(Buffer.concat(chunks));
    });
  }
}
