/**
 * A small OpenAI-compatible chat-completions server: a stand-in for a real LLM provider, so the
 * example runs offline, deterministically and without an API key, through the real `openai` client.
 *
 *   POST /v1/chat/completions   non-streaming, or `stream: true` as server-sent events; with
 *                               `stream_options: { include_usage: true }` a final chunk carries usage
 *   GET  /v1/models             the models it answers for (it answers for any model name)
 *
 * Replies are composed from the last user message and the JSON facts in system/tool messages
 * (see `llm/compose-reply.ts`); `usage` counts real tokens of the request and reply by the
 * tokenizer documented in `llm/tokenize.ts`; the response `model` is the requested one with a
 * snapshot date (`gpt-4o-mini` → `gpt-4o-mini-2024-07-18`). Errors have OpenAI's JSON shape.
 *
 * Run on its own: `LLM_PORT=8082 node dist/llm-server.js` prints `{"service":"llm","url":...}`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { complete, toChatCompletion, toChunks } from './llm/chat-completion';
import { InvalidRequestError, parseChatRequest, type ChatRequest } from './llm/chat-request';
import { BodyTooLargeError, readBody, sendJson } from './http/json-io';
import { announce, closeServer, listen, parsePort, type ListenOptions } from './http/serve';

/** A running stand-in server. */
export interface LlmServer {
  /** Base URL without `/v1`, e.g. `http://127.0.0.1:41234`; the OpenAI base URL is `${url}/v1`. */
  url: string;
  /** Stops the server; resolves once open requests are done. Idempotent. */
  close(): Promise<void>;
}

/** Model ids listed by `GET /v1/models`. Completions accept any model name. */
export const LISTED_MODELS: readonly string[] = ['gpt-4o-mini', 'gpt-4o'];

/**
 * Starts the stand-in. Options: `host` (default `'127.0.0.1'`), `port` (default `0`, a free port).
 */
export async function startLlmServer(options: ListenOptions = {}): Promise<LlmServer> {
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      sendError(response, 500, 'server_error', `internal error: ${String(error)}`, null);
    });
  });
  const url = await listen(server, options);
  let closing: Promise<void> | undefined;
  return { url, close: () => (closing ??= closeServer(server)) };
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://stand-in').pathname;
  if (request.method === 'POST' && path === '/v1/chat/completions') {
    await handleChatCompletion(request, response);
  } else if (request.method === 'GET' && path === '/v1/models') {
    sendJson(response, 200, {
      object: 'list',
      data: LISTED_MODELS.map((id) => ({ id, object: 'model', created: 1721172741, owned_by: 'agent-otel-stand-in' })),
    });
  } else {
    sendError(response, 404, 'invalid_request_error', `Unknown request URL: ${request.method} ${path}.`, null, 'unknown_url');
  }
}

async function handleChatCompletion(request: IncomingMessage, response: ServerResponse): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(await readBody(request));
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      sendError(response, 413, 'invalid_request_error', error.message, null);
    } else {
      sendError(response, 400, 'invalid_request_error', 'The request body is not valid JSON.', null);
    }
    return;
  }
  let chatRequest: ChatRequest;
  try {
    chatRequest = parseChatRequest(body);
  } catch (error) {
    if (!(error instanceof InvalidRequestError)) throw error;
    sendError(response, 400, 'invalid_request_error', error.message, error.param);
    return;
  }
  const completion = complete(chatRequest);
  if (!chatRequest.stream) {
    sendJson(response, 200, toChatCompletion(completion));
    return;
  }
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  for (const chunk of toChunks(completion, chatRequest.includeUsage)) {
    response.write(`data: ${JSON.stringify(chunk)}\n\n`);
  }
  response.end('data: [DONE]\n\n');
}

function sendError(response: ServerResponse, status: number, type: string, message: string, param: string | null, code: string | null = null): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  sendJson(response, status, { error: { message, type, param, code } });
}

async function main(): Promise<void> {
  const port = parsePort('LLM_PORT', process.env.LLM_PORT);
  const llm = await startLlmServer({ port });
  announce('llm', llm.url);
  const stop = (): void => void llm.close();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`llm stand-in failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
