/**
 * A real Arize Phoenix server for the end-to-end tests, started through `scripts/phoenix.js` on free
 * 127.0.0.1 ports with a fresh working directory (its own SQLite database).
 */

/** A running Phoenix; `stop()` ends it and removes its working directory (idempotent). */
export interface PhoenixServer {
  /** Base URL of the UI, the REST API (`/v1/...`) and GraphQL (`/graphql`). */
  readonly url: string;
  /** OTLP/HTTP protobuf traces endpoint, `url + '/v1/traces'`. */
  readonly otlpHttpUrl: string;
  /** OTLP/gRPC endpoint. */
  readonly otlpGrpcUrl: string;
  /** Fresh working directory of this server (SQLite database included); removed by `stop()`. */
  readonly workingDir: string;
  /** Phoenix's log (stdout and stderr); lives in the working directory until `stop()`. */
  readonly logFile: string;
  stop(): Promise<void>;
}

/** Options of {@link startPhoenixServer}, passed to `startPhoenix` in `scripts/phoenix.js`. */
export interface PhoenixServerOptions {
  /** The `phoenix` executable. Default: the cached install (`PHOENIX_BIN` overrides it). */
  bin?: string;
  /** Extra PHOENIX_* variables. Default: none. */
  env?: Record<string, string>;
  /** How long to wait for a healthy server, in ms. Default: 90000. */
  timeoutMs?: number;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startPhoenix } = require('../../../../scripts/phoenix') as {
  startPhoenix(options?: PhoenixServerOptions): Promise<PhoenixServer>;
};

/**
 * Installs Phoenix if it is not cached yet (`scripts/install-phoenix.sh`, a few minutes the first
 * time), starts it and resolves once its health check and REST API answer.
 */
export function startPhoenixServer(options: PhoenixServerOptions = {}): Promise<PhoenixServer> {
  return startPhoenix(options);
}
