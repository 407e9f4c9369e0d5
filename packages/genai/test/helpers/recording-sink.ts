import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An OTLP/HTTP endpoint on 127.0.0.1 that answers 200 and keeps every request body as received. */
export interface RecordingSink {
  /** `http://127.0.0.1:<port>/v1/traces`. */
  readonly url: string;
  /** Raw request bodies, in arrival order. */
  readonly bodies: Buffer[];
  close(): Promise<void>;
}

/** Starts a {@link RecordingSink} on a free port. */
export async function startRecordingSink(): Promise<RecordingSink> {
  const bodies: Buffer[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      bodies.push(Buffer.concat(chunks));
      response.writeHead(200, { 'content-type': 'application/x-protobuf' });
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
