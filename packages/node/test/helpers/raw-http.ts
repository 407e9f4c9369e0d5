import * as http from 'node:http';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';

/** A response read by {@link rawGet}. */
export interface RawResponse {
  status: number;
  body: string;
}

/**
 * Sends `GET url` over a plain socket with exactly the given header lines — names in their casing,
 * repeated names as separate lines, values byte for byte — which `fetch` and `http.request` would
 * normalize or merge. The connection is closed after the response.
 */
export function rawGet(url: string, headerLines: [string, string][], timeoutMs = 5000): Promise<RawResponse> {
  const target = new URL(url);
  const lines = [`GET ${target.pathname}${target.search} HTTP/1.1`, `Host: ${target.host}`, ...headerLines.map(([k, v]) => `${k}: ${v}`), 'Connection: close'];
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(target.port), target.hostname);
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no response from ${url} within ${timeoutMs} ms`)));
    // Written without half-closing: a server may drop a half-closed connection before it answers.
    socket.on('connect', () => socket.write(lines.join('\r\n') + '\r\n\r\n'));
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => {
      try {
        resolve(parseResponse(Buffer.concat(chunks).toString('latin1')));
      } catch (err) {
        reject(err);
      }
    });
  });
}

function parseResponse(text: string): RawResponse {
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`incomplete HTTP response: ${JSON.stringify(text.slice(0, 200))}`);
  const [statusLine, ...headerLines] = text.slice(0, end).split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  const chunked = headerLines.some((l) => /^transfer-encoding:\s*chunked/i.test(l));
  const raw = text.slice(end + 4);
  return { status, body: Buffer.from(chunked ? dechunk(raw) : raw, 'latin1').toString('utf8') };
}

function dechunk(raw: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    const size = parseInt(raw.slice(at, eol), 16);
    if (!(size > 0)) return out;
    out += raw.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

/** An HTTP server that answers every request with the propagation headers it carried, as JSON. */
export interface HeaderSink {
  url: string;
  close(): Promise<void>;
}

/** Starts a {@link HeaderSink} on a free 127.0.0.1 port. */
export async function startHeaderSink(): Promise<HeaderSink> {
  const server = http.createServer((req, res) => {
    const seen: Record<string, string | undefined> = {};
    for (const name of ['traceparent', 'tracestate', 'baggage']) {
      const value = req.headers[name];
      seen[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(seen));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
