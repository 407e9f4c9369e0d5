import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Where a server listens. */
export interface ListenOptions {
  /** Interface to bind. Default `'127.0.0.1'`. */
  host?: string;
  /** TCP port; `0` picks a free one. Default `0`. */
  port?: number;
}

/** Starts `server` listening and resolves with its base URL (`http://host:port`, no trailing slash). */
export function listen(server: Server, options: ListenOptions = {}): Promise<string> {
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      resolve(`http://${shownHost}:${port}`);
    });
  });
}

/**
 * Stops accepting connections, drops idle keep-alive sockets, and resolves once every open
 * request has finished; connections still open after `graceMs` (default 2000) are cut.
 * Safe to call more than once.
 */
export function closeServer(server: Server, graceMs = 2000): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    cut.unref();
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * Reads a port number from an environment value. Empty or missing means `0` (any free port);
 * anything else that is not an integer in 0..65535 throws an error naming `variable`.
 */
export function parsePort(variable: string, value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${variable} must be a port number between 0 and 65535, got "${value}"`);
  }
  return port;
}

/**
 * Prints the line a launcher waits for: one JSON object `{"service":..., "url":...}` on stdout.
 * It is the only thing the services print to stdout; diagnostics go to stderr.
 */
export function announce(service: string, url: string): void {
  process.stdout.write(`${JSON.stringify({ service, url })}\n`);
}
