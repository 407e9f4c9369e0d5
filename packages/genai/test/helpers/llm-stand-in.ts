import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLlmServer, type LlmServer } from '../../../../examples/two-service-agent/src/llm-server';

/** Usage details the stand-in does not report, added to every `usage` object by {@link startUsageDetailsProxy}. */
export interface UsageDetails {
  cachedTokens: number;
  reasoningTokens: number;
}

/** A running OpenAI-compatible endpoint for tests; `baseUrl` ends with `/v1`. */
export interface LlmEndpoint {
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** The example's OpenAI-compatible stand-in server on a free 127.0.0.1 port. */
export async function startStandIn(): Promise<LlmEndpoint> {
  const server = await startLlmServer();
  return { baseUrl: `${server.url}/v1`, close: () => server.close() };
}

/**
 * The stand-in behind a proxy that adds OpenAI's `prompt_tokens_details.cached_tokens` and
 * `completion_tokens_details.reasoning_tokens` to every usage object (plain JSON and every
 * server-sent event), as the real API reports them for cached prompts and reasoning models.
 */
export async function startUsageDetailsProxy(details: UsageDetails): Promise<LlmEndpoint> {
  const upstream: LlmServer = await startLlmServer();
  const server = createServer((request, response) => {
    void forward(upstream.url, request, details).then(
      ({ status, contentType, body }) => {
        response.writeHead(status, { 'content-type': contentType });
        response.end(body);
      },
      (error: unknown) => {
        response.writeHead(502, { 'content-type': 'text/plain' });
        response.end(String(error));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    close: async () => {
      await closeServer(server);
      await upstream.close();
    },
  };
}

async function forward(upstreamUrl: string, request: IncomingMessage, details: UsageDetails): Promise<{ status: number; contentType: string; body: string }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const response = await fetch(`${upstreamUrl}${request.url ?? '/'}`, {
    method: request.method,
    headers: { 'content-type': 'application/json' },
    body: request.method === 'POST' ? Buffer.concat(chunks) : undefined,
  });
  const contentType = response.headers.get('content-type') ?? 'application/json';
  const text = await response.text();
  const body = contentType.startsWith('text/event-stream')
    ? text.replace(/^data: (\{.*\})$/gm, (_line, json: string) => `data: ${withDetails(json, details)}`)
    : withDetails(text, details);
  return { status: response.status, contentType, body };
}

function withDetails(json: string, details: UsageDetails): string {
  const payload = JSON.parse(json) as { usage?: Record<string, unknown> | null };
  if (payload.usage) {
    payload.usage.prompt_tokens_details = { cached_tokens: details.cachedTokens, audio_tokens: 0 };
    payload.usage.completion_tokens_details = { reasoning_tokens: details.reasoningTokens, audio_tokens: 0 };
  }
  return JSON.stringify(payload);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
