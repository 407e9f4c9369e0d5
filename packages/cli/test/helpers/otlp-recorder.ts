import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the recorder received. */
export interface RecordedRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** How the recorder answers one request. */
export interface RecorderReply {
  /** Default 200. */
  status?: number;
  /** `Retry-After` header value. */
  retryAfter?: string;
  /** Called when the request has arrived, before the answer is sent. */
  onRequest?: () => void;
}

/**
 * A real OTLP/HTTP endpoint on 127.0.0.1 (a free port) that records every request and answers each
 * one as the next scripted reply says (200 once the script is used up).
 */
export class OtlpRecorder {
  readonly requests: RecordedRequest[] = [];
  private readonly script: RecorderReply[] = [];

  private constructor(
    private readonly server: http.Server,
    /** `http://127.0.0.1:<port>`, without a path. */
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<OtlpRecorder> {
    let recorder: OtlpRecorder | undefined;
    const server = http.createServer((req, res) => recorder?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    recorder = new OtlpRecorder(server, `http://127.0.0.1:${port}`);
    return recorder;
  }

  /** Appends replies for the next requests. */
  reply(...replies: RecorderReply[]): this {
    this.script.push(...replies);
    return this;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const reply = this.script.shift() ?? {};
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      reply.onRequest?.();
      const headers: Record<string, string> = { 'content-type': 'application/x-protobuf' };
      if (reply.retryAfter !== undefined) headers['retry-after'] = reply.retryAfter;
      res.writeHead(reply.status ?? 200, headers);
      res.end(reply.status && reply.status >= 300 ? `status ${reply.status} from the test recorder` : '');
    });
  }
}
