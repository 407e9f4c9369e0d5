import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as realSetTimeout } from 'node:timers';
import { gunzipSync } from 'node:zlib';

/** How the sink answers one request. Unset fields answer 200 at once with an empty body. */
export interface SinkReply {
  status?: number;
  /** Value of the `Retry-After` header. */
  retryAfter?: string;
  /** Waits this long (real time, unaffected by jest fake timers) before answering. */
  delayMs?: number;
  /** Never answers (until the sink closes). */
  hang?: boolean;
  /** Waits for this promise before answering. */
  until?: Promise<void>;
  /** Closes the connection without answering (the client sees `socket hang up`). */
  destroy?: boolean;
  /** Sends the status line and part of a body, then closes the connection. */
  truncate?: boolean;
  /** Response body; default empty. */
  body?: string | Uint8Array;
}

/** One request the sink received. */
export interface SinkRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** The body as received. */
  rawBody: Buffer;
  /** The body, gunzipped when `content-encoding: gzip`. */
  body: Buffer;
  /** The client's port: equal for requests sent over one kept-alive connection. */
  remotePort: number;
  /** `Date.now()` when the body was complete (the jest fake clock when it is installed). */
  receivedAt: number;
}

/**
 * An OTLP/HTTP endpoint on 127.0.0.1 (a free port) for tests: it records every request and answers
 * each one as the next scripted `SinkReply` says (200 once the script is used up).
 */
export class OtlpSinkServer {
  /** Every request received, in arrival order. */
  readonly requests: SinkRequest[] = [];
  /** Most requests being handled at the same time. */
  maxConcurrent = 0;
  private _concurrent = 0;
  private readonly _script: SinkReply[] = [];
  private _waiters: Array<{ count: number; resolve: () => void }> = [];

  private constructor(
    private readonly _server: http.Server,
    /** `http://127.0.0.1:<port>/v1/traces`. */
    readonly url: string,
  ) {}

  /** Starts a sink on a free port. */
  static async start(): Promise<OtlpSinkServer> {
    let sink: OtlpSinkServer | undefined;
    const server = http.createServer((req, res) => sink?._handle(req, res));
    server.keepAliveTimeout = 60000;
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    sink = new OtlpSinkServer(server, `http://127.0.0.1:${port}/v1/traces`);
    return sink;
  }

  /** Appends replies for the next requests. */
  script(...replies: SinkReply[]): this {
    this._script.push(...replies);
    return this;
  }

  /** Resolves once `count` requests have been received in total. */
  waitForRequests(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise(resolve => this._waiters.push({ count, resolve }));
  }

  /** Stops listening and drops every open connection. */
  async close(): Promise<void> {
    const closed = new Promise<void>(resolve => this._server.close(() => resolve()));
    this._server.closeAllConnections();
    await closed;
  }

  private _handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this._concurrent++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this._concurrent);
    const reply = this._script.shift() ?? {};
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks);
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(rawBody) : rawBody;
      this.requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawBody,
        body,
        remotePort: req.socket.remotePort ?? 0,
        receivedAt: Date.now(),
      });
      const reached = this._waiters.filter(w => this.requests.length >= w.count);
      this._waiters = this._waiters.filter(w => this.requests.length < w.count);
      for (const waiter of reached) waiter.resolve();
      void this._answer(reply, req, res);
    });
  }

  private async _answer(reply: SinkReply, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (reply.hang) return;
    if (reply.delayMs !== undefined) await new Promise(resolve => realSetTimeout(resolve, reply.delayMs));
    if (reply.until !== undefined) await reply.until;
    this._concurrent--;
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
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1/traces`;
}
