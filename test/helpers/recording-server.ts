/**
 * The one OTLP/HTTP (and Zipkin) recording server of the test suites: a real HTTP or HTTPS server
 * on 127.0.0.1 that records every request and answers each one as scripted. Every package's tests
 * use it (directly, or through a re-export in their `test/helpers/`).
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { setTimeout as realSetTimeout } from 'node:timers';
import type { TLSSocket } from 'node:tls';
import { gunzipSync } from 'node:zlib';

/** How the server answers one request. Unset fields answer 200 at once with an empty body. */
export interface RecordedReply {
  /** Default 200. */
  status?: number;
  /** Value of the `Retry-After` header. */
  retryAfter?: string;
  /** Waits this long (real time, unaffected by jest fake timers) before answering. */
  delayMs?: number;
  /** Never answers (until the server closes). */
  hang?: boolean;
  /** Waits for this promise before answering. */
  until?: Promise<void>;
  /** Closes the connection without answering (the client sees `socket hang up`). */
  destroy?: boolean;
  /** Sends the status line and part of a body, then closes the connection. */
  truncate?: boolean;
  /** Called once the request has arrived, before the answer is sent. */
  onRequest?: () => void;
  /** Body of the answer. Default empty. */
  body?: string | Uint8Array;
}

/** One request the server received. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/traces`. */
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The body as received. */
  rawBody: Buffer;
  /** The body, gunzipped when `content-encoding: gzip`. */
  body: Buffer;
  /** The client's port: equal for requests sent over one kept-alive connection. */
  remotePort: number;
  /** `Date.now()` when the body was complete (the jest fake clock when it is installed). */
  receivedAt: number;
  /** Common name of the client certificate (mutual TLS), when one was presented. */
  clientCertificate?: string;
}

/** HTTPS with the test certificates under test/fixtures/tls. */
export interface RecordingServerTls {
  /** Ask for a client certificate signed by the test CA, and refuse connections without one. Default false. */
  requireClientCertificate?: boolean;
}

const TLS_DIR = path.join(__dirname, '..', 'fixtures', 'tls');
/** Paths of the test TLS material (test/fixtures/tls). */
export const TLS_FILES = {
  ca: path.join(TLS_DIR, 'ca.crt'),
  clientCert: path.join(TLS_DIR, 'client.crt'),
  clientKey: path.join(TLS_DIR, 'client.key'),
};

/**
 * An HTTP or HTTPS server on a free 127.0.0.1 port that records every request and answers it as
 * {@link RecordingServer.statusFor} says, else as the next scripted reply says (200 once the script
 * is used up).
 */
export class RecordingServer {
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** Most requests being handled at the same time. */
  maxConcurrent = 0;
  /** Picks the status of each request from the request itself (checked before the script). */
  statusFor: ((request: RecordedRequest) => number | undefined) | undefined;
  /** `http(s)://127.0.0.1:<port>/v1/traces`. */
  readonly url: string;
  private concurrent = 0;
  private readonly replies: RecordedReply[] = [];
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  private constructor(
    private readonly server: http.Server,
    /** `http(s)://127.0.0.1:<port>`, without a path. */
    readonly origin: string,
  ) {
    this.url = `${origin}/v1/traces`;
  }

  /** Starts a plain HTTP server, or HTTPS with the test certificates when `tls` is given. */
  static async start(tls?: RecordingServerTls): Promise<RecordingServer> {
    let self: RecordingServer | undefined;
    const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => self?.handle(req, res);
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
    server.keepAliveTimeout = 60000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    self = new RecordingServer(server, `${tls ? 'https' : 'http'}://127.0.0.1:${port}`);
    return self;
  }

  /** Appends replies for the next requests; a number is a reply with only that status. */
  script(...replies: Array<RecordedReply | number>): this {
    for (const reply of replies) this.replies.push(typeof reply === 'number' ? { status: reply } : reply);
    return this;
  }

  /** Resolves once `count` requests have been received in total. */
  waitForRequests(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** Stops listening and drops every open connection. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.concurrent++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.concurrent);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
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
        remotePort: req.socket.remotePort ?? 0,
        receivedAt: Date.now(),
        clientCertificate: peer && peer.subject ? String(peer.subject.CN) : undefined,
      };
      this.requests.push(request);
      const status = this.statusFor?.(request);
      const reply = status === undefined ? (this.replies.shift() ?? {}) : { status };
      const reached = this.waiters.filter((w) => this.requests.length >= w.count);
      this.waiters = this.waiters.filter((w) => this.requests.length < w.count);
      for (const waiter of reached) waiter.resolve();
      reply.onRequest?.();
      void this.answer(reply, req, res);
    });
  }

  private async answer(reply: RecordedReply, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (reply.hang) return;
    if (reply.delayMs !== undefined) await new Promise((resolve) => realSetTimeout(resolve, reply.delayMs));
    if (reply.until !== undefined) await reply.until;
    this.concurrent--;
    if (reply.destroy) {
      req.socket.destroy();
      return;
    }
    if (reply.truncate) {
      res.writeHead(reply.status ?? 200, { 'content-length': '100' });
      res.write('partial', () => req.socket.destroy());
      return;
    }
    const headers: Record<string, string> = { 'content-type': 'application/x-protobuf' };
    if (reply.retryAfter !== undefined) headers['retry-after'] = reply.retryAfter;
    res.writeHead(reply.status ?? 200, headers);
    res.end(reply.body ?? '');
  }
}

/** A URL on 127.0.0.1 where nothing listens (connections are refused). */
export async function refusedUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1/traces`;
}
