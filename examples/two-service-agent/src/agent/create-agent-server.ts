import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendJson } from '../http/json-io';
import { answerQuestion, type AgentDependencies } from './answer-question';

/** Largest accepted `POST /ask` body, in bytes. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * The agent's HTTP API: `POST /ask` with `{ "question": "..." }` (see `answerQuestion` for the
 * answers); any other path is a 404 and another method on `/ask` a 405, all JSON.
 */
export function createAgentServer(deps: AgentDependencies): Server {
  return createServer((request, response) => {
    handle(request, response, deps).catch((error: unknown) => {
      if (response.headersSent) response.destroy();
      else sendJson(response, 500, { error: { code: 'internal', message: String(error) } });
    });
  });
}

async function handle(request: IncomingMessage, response: ServerResponse, deps: AgentDependencies): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://agent').pathname;
  if (path !== '/ask') {
    sendJson(response, 404, { error: { code: 'not_found', message: `no route ${path}` } });
    return;
  }
  if (request.method !== 'POST') {
    response.setHeader('allow', 'POST');
    sendJson(response, 405, { error: { code: 'method_not_allowed', message: `${request.method} is not allowed` } });
    return;
  }
  let rawBody: string;
  try {
    rawBody = await readBody(request, MAX_BODY_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    sendJson(response, 413, { error: { code: 'too_large', message: error.message } });
    return;
  }
  const reply = await answerQuestion(rawBody, deps);
  sendJson(response, reply.status, reply.body);
}
