import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { gunzipSync } from 'node:zlib';

/** One request the server received. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The body as received. */
  rawBody: Buffer;
  /** The body, gunzipped when `content-encoding: gzip`. */
  body: Buffer;
  /** Common name of the client certificate (mutual TLS), when one was presented. */
  clientCertificate?: string;
}

/** TLS of the test server: the certificates under test/fixtures/tls. */
export interface RecordingServerTls {
  /** Ask for a client certificate signed by the test CA, and refuse connections without one. Default false. */
  requireClientCertificate?: boolean;
}

const TLS_DIR = path.join(__dirname, '..', 'fixtures', 'tls');
/** Paths of the test TLS material. */
export const TLS_FILES = {
  ca: path.join(TLS_DIR, 'ca.crt'),
  clientCert: path.join(TLS_DIR, 'client.crt'),
  clientKey: path.join(TLS_DIR, 'client.key'),
};

/**
 * An HTTP or HTTPS server on a free 127.0.0.1 port that records every request and answers with the
 * next scripted status (202 once the script is used up).
 */
export class RecordingServer {
  readonly requests: RecordedRequest[] = [];
  private readonly _statuses: number[] = [];
  private _waiters: { count: number; resolve: () => void }[] = [];

  private constructor(
    private readonly _server: http.Server,
    /** `http(s)://127.0.0.1:<port>`. */
    readonly origin: string,
  ) {}

  /** Starts a plain HTTP server, or HTTPS with the test certificates when `tls` is given. */
  static async start(tls?: RecordingServerTls): Promise<RecordingServer> {
    let self: RecordingServer | undefined;
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => self?._handle(req, res);
    const server = tls
      ? https.createServer(
          {
            cert: fs.readFileSync(path.join(TLS_DIR, 'server.crt')),
            key: fs.readFileSync(path.join(TLS_DIR, 'server.key')),
            ca: fs.readFileSync(TLS_FILES.ca),
            requestCert: tls.requireClientCertificate === true,
            rejectUnauthorized: tls.requireClientCertificate === true,
          },
          handler,
        )
      : http.createServer(handler);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    self = new RecordingServer(server, `${tls ? 'https' : 'http'}://127.0.0.1:${port}`);
    return self;
  }

  /** Picks the status of each request from the request itself (checked before the script). */
  statusFor: ((request: RecordedRequest) => number | undefined) | undefined;

  /** Answers the next requests with these statuses, in order. */
  script(...statuses: number[]): this {
    this._statuses.push(...statuses);
    return this;
  }

  /** Resolves once `count` requests have been received in total. */
  waitForRequests(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise(resolve => this._waiters.push({ count, resolve }));
  }

  /** Stops the server and drops its connections. */
  close(): Promise<void> {
    this._server.closeAllConnections();
    return new Promise(resolve => this._server.close(() => resolve()));
  }

  private _handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const socket = req.socket as TLSSocket;
      const peer = typeof socket.getPeerCertificate === 'function' ? socket.getPeerCertificate() : undefined;
      const request: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        rawBody,
        body: req.headers['content-encoding'] === 'gzip' ? gunzipSync(rawBody) : rawBody,
        clientCertificate: peer && peer.subject ? String(peer.subject.CN) : undefined,
      };
      this.requests.push(request);
      const status = this.statusFor?.(request) ?? this._statuses.shift() ?? 202;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 300 ? `status ${status}` : '');
      this._waiters = this._waiters.filter(w => {
        if (this.requests.length < w.count) return true;
        w.resolve();
        return false;
      });
    });
  }
}
