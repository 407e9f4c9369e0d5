import * as http from 'node:http';
import * as https from 'node:https';

/** The outcome of one HTTP attempt: a response (any status), or a network-level error. */
export type HttpAttemptResult =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly statusMessage: string;
      /** The raw `Retry-After` header, if any. */
      readonly retryAfter: string | undefined;
      /** The start of the response body (at most 4 KiB), for error messages. */
      readonly body: string;
      /** The start of the response body as bytes (at least the first 4 KiB when longer), e.g. for an OTLP `partial_success`. */
      readonly bytes?: Uint8Array;
    }
  | { readonly kind: 'error'; readonly error: Error & { code?: string } };

/** TLS settings of an `https:` export endpoint. Every field is optional. */
export interface TlsOptions {
  /** Certificates (PEM) of the CAs to trust instead of Node's bundled list. Default: Node's list. */
  ca?: string | Uint8Array | (string | Uint8Array)[];
  /** Client certificate chain (PEM) for mutual TLS; needs `key`. Default none. */
  cert?: string | Uint8Array;
  /** Private key (PEM) of the client certificate; needs `cert`. Default none. */
  key?: string | Uint8Array;
  /** Whether the server certificate must verify. Default true; turn off only for tests. */
  rejectUnauthorized?: boolean;
}

/** Body bytes kept from a response for error messages; the rest is read and discarded. */
const MAX_KEPT_BODY = 4096;

/**
 * POSTs request bodies to one URL with `node:http`/`node:https` over a keep-alive agent, with
 * optional TLS settings (custom CA, client certificate) and optional headers per request (e.g. a
 * tenant header). Each attempt resolves (never rejects) with the response or the network error,
 * and is cut off after its own timeout.
 */
export class HttpSender {
  private readonly _agent: http.Agent;
  private readonly _request: typeof http.request;
  private _destroyed = false;

  /**
   * @param url `http:` or `https:` endpoint.
   * @param _headers sent with every request; `content-length` is added per request.
   * @param maxSockets most connections the agent keeps open to the endpoint.
   * @param tls used for `https:` URLs only. Default: Node's CAs, no client certificate.
   */
  constructor(
    readonly url: URL,
    private readonly _headers: Readonly<Record<string, string>>,
    maxSockets: number,
    tls: TlsOptions = {},
  ) {
    if (url.protocol === 'https:') {
      this._request = https.request;
      this._agent = new https.Agent({
        keepAlive: true,
        maxSockets,
        ca: tls.ca as https.AgentOptions['ca'],
        cert: tls.cert as https.AgentOptions['cert'],
        key: tls.key as https.AgentOptions['key'],
        rejectUnauthorized: tls.rejectUnauthorized ?? true,
      });
    } else {
      this._request = http.request;
      this._agent = new http.Agent({ keepAlive: true, maxSockets });
    }
  }

  /**
   * POSTs `body` with `extraHeaders` (default none) added to the configured headers; resolves with
   * the response, a network error, or an `ETIMEDOUT` error after `timeoutMs`.
   */
  send(body: Uint8Array, timeoutMs: number, extraHeaders?: Readonly<Record<string, string>>): Promise<HttpAttemptResult> {
    if (this._destroyed) {
      const error: Error & { code?: string } = new Error(`the sender for ${this.url.href} was shut down`);
      error.code = 'ERR_SENDER_SHUT_DOWN';
      return Promise.resolve({ kind: 'error', error });
    }
    return new Promise<HttpAttemptResult>((resolve) => {
      let done = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (result: HttpAttemptResult): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve(result);
      };
      const fail = (error: Error): void => finish({ kind: 'error', error });

      let req: http.ClientRequest;
      try {
        req = this._request(this.url, {
          method: 'POST',
          agent: this._agent,
          headers: { ...this._headers, ...extraHeaders, 'content-length': String(body.byteLength) },
        });
      } catch (err) {
        fail(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      timer = setTimeout(
        () => {
          const error: Error & { code?: string } = new Error(`request timed out after ${timeoutMs} ms`);
          error.code = 'ETIMEDOUT';
          fail(error);
          req.destroy(error);
        },
        Math.max(1, timeoutMs),
      );
      timer.unref();

      req.on('error', fail);
      req.on('response', (res) => {
        const kept: Buffer[] = [];
        let keptBytes = 0;
        res.on('data', (chunk: Buffer) => {
          if (keptBytes < MAX_KEPT_BODY) {
            kept.push(chunk);
            keptBytes += chunk.length;
          }
        });
        res.on('error', fail); // includes a response cut off mid-body (ECONNRESET "aborted")
        res.on('end', () => {
          const bytes = Buffer.concat(kept);
          finish({
            kind: 'response',
            status: res.statusCode ?? 0,
            statusMessage: res.statusMessage ?? '',
            retryAfter: res.headers['retry-after'], // a string: Node keeps the first of duplicate Retry-After headers
            body: bytes.toString('utf8', 0, MAX_KEPT_BODY),
            bytes,
          });
        });
      });
      req.end(body);
    });
  }

  /**
   * Closes the agent's connections, aborting requests still in flight (they resolve with the
   * network error); later sends resolve at once with an `ERR_SENDER_SHUT_DOWN` error.
   */
  destroy(): void {
    this._destroyed = true;
    this._agent.destroy();
  }
}
