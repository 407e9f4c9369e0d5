/**
 * The tools service: a plain `node:http` server with no telemetry code of its own. Start it with
 * the agent-otel preload and it is traced from environment variables alone:
 *
 *   OTEL_SERVICE_NAME=tools-service TOOLS_PORT=8081 \
 *     node --require @agent-otel/node/register dist/tools-service.js
 *
 * It prints `{"service":"tools","url":...}` once listening. On SIGTERM or SIGINT it stops accepting
 * requests, finishes the open ones and lets the process end; the preload flushes spans on the way out.
 */
import { createToolsServer } from './tools/create-tools-server';
import { announce, closeServer, listen, parsePort } from './http/serve';

/** After a stop signal, the process is ended this long (ms) later if something still holds it open. */
const EXIT_DEADLINE_MS = 5000;

async function main(): Promise<void> {
  const port = parsePort('TOOLS_PORT', process.env.TOOLS_PORT);
  const server = createToolsServer();
  announce('tools', await listen(server, { port }));
  const stop = (): void => {
    setTimeout(() => process.exit(0), EXIT_DEADLINE_MS).unref();
    void closeServer(server);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`tools service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
