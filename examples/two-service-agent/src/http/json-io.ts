import type { IncomingMessage, ServerResponse } from 'node:http';

/** Thrown by {@link readBody} when a request body exceeds its limit. */
export class BodyTooLargeError extends Error {
  /** @param limitBytes the limit that was exceeded */
  constructor(readonly limitBytes: number) {
    super(`request body exceeds ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads a request body as UTF-8 text.
 * Rejects with {@link BodyTooLargeError} as soon as more than `limitBytes` arrive (default 1 MiB),
 * so an oversized upload is never buffered whole.
 */
export function readBody(request: IncomingMessage, limitBytes = 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        request.removeAllListeners('data');
        request.resume();
        reject(new BodyTooLargeError(limitBytes));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Writes `body` as a JSON response with the given status code and ends the response. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
