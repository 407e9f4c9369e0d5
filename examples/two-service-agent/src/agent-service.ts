/**
 * The agent service: `POST /ask` answers a travel question by planning, calling the tools service
 * and asking an LLM through the `openai` client — all traced with agent-otel (see `telemetry.ts`,
 * imported first). Environment (see `agent/config.ts`): TOOLS_URL (required), OPENAI_BASE_URL,
 * OPENAI_API_KEY, LLM_MODEL, AGENT_PORT, plus the OTEL_* variables.
 *
 * Prints `{"service":"agent","url":...}` once listening. On SIGTERM or SIGINT it finishes open
 * requests, flushes its spans and exits.
 */
import { telemetry } from './telemetry';
import OpenAI from 'openai';
import { createAgentServer } from './agent/create-agent-server';
import { readAgentConfig } from './agent/config';
import { announce, closeServer, listen } from './http/serve';

/** After a stop signal, the process is ended this long (ms) later if something still holds it open. */
const EXIT_DEADLINE_MS = 8000;

async function main(): Promise<void> {
  const config = readAgentConfig();
  const llm = new OpenAI({
    baseURL: config.llmBaseUrl,
    apiKey: config.llmApiKey,
    timeout: config.llmTimeoutMs,
    maxRetries: 1,
  });
  const server = createAgentServer({
    llm,
    model: config.llmModel,
    toolsUrl: config.toolsUrl,
    toolsTimeoutMs: config.toolsTimeoutMs,
  });
  announce('agent', await listen(server, { port: config.port }));
  const stop = (): void => {
    setTimeout(() => process.exit(0), EXIT_DEADLINE_MS).unref();
    void closeServer(server).then(() => telemetry.shutdown());
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`agent service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  await telemetry.shutdown();
  process.exit(1);
});
