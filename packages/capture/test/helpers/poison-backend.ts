/**
 * An OTLP/HTTP endpoint on 127.0.0.1 that refuses (400 by default) every request whose body holds
 * one of the poison markers — span names appear verbatim in OTLP/protobuf — and accepts the rest,
 * so a test can make the backend refuse particular records wherever they sit in a batch.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export class PoisonBackend {
  /** Bodies of every request, in arrival order. */
  readonly bodies: Buffer[] = [];
  /** Of those, the ones refused. */
  readonly refused: Buffer[] = [];

  private constructor(
    private readonly server: http.Server,
    /** The traces URL. */
    readonly url: string,
  ) {}

  /** Refuses with `status` a request containing any of `markers` (an empty marker refuses every request). */
  static async start(markers: string[], status = 400): Promise<PoisonBackend> {
    let backend: PoisonBackend | undefined;
    const poison = markers.map((m) => Buffer.from(m, 'utf8'));
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        backend!.bodies.push(body);
        if (poison.some((p) => body.includes(p))) {
          backend!.refused.push(body);
          res.writeHead(status, { 'content-type': 'text/plain' }).end('invalid span');
        } else {
          res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    backend = new PoisonBackend(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/traces`);
    return backend;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
