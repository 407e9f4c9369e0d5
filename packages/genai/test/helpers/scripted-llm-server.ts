import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted reply: an OpenAI-shaped error, a chat completion, or no answer at all. */
export type ScriptedReply =
  | { readonly error: { readonly status: number; readonly code?: string; readonly type?: string; readonly message: string } }
  | { readonly answer: string; readonly model?: string; readonly inputTokens?: number; readonly outputTokens?: number }
  | { readonly hang: true };

/** A local OpenAI-compatible chat endpoint that replies from a script, one entry per request. */
export interface ScriptedLlmServer {
  /** OpenAI base URL, ending with `/v1`. */
  readonly baseUrl: string;
  /** Requests received so far. */
  requests(): number;
  /** Stops the server, dropping hung connections. */
  close(): Promise<void>;
}

/**
 * Starts a server on a free 127.0.0.1 port whose n-th `POST /v1/chat/completions` gets
 * `script[n]` (the last entry repeats). Errors use OpenAI's JSON shape, so the real `openai`
 * client raises its real error classes.
 */
export async function startScriptedLlmServer(script: readonly ScriptedReply[]): Promise<ScriptedLlmServer> {
  let received = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const reply = script[Math.min(received, script.length - 1)];
      received++;
      if ('hang' in reply) return;
      if ('error' in reply) {
        const { status, code, type, message } = reply.error;
        sendJson(response, status, { error: { message, type: type ?? 'invalid_request_error', param: null, code: code ?? null } });
        return;
      }
      sendJson(response, 200, {
        id: `chatcmpl-${received}`,
        object: 'chat.completion',
        created: 1721172741,
        model: reply.model ?? 'gpt-4o-mini-2024-07-18',
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: reply.answer } }],
        usage: {
          prompt_tokens: reply.inputTokens ?? 10,
          completion_tokens: reply.outputTokens ?? 5,
          total_tokens: (reply.inputTokens ?? 10) + (reply.outputTokens ?? 5),
        },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A base URL on which nothing listens (a port just released), for connection-refused errors. */
export async function unusedBaseUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
