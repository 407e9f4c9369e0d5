import type OpenAI from 'openai';
import { propagation, type Span } from '@opentelemetry/api';
import { traceAgent, traceStep } from '@agent-otel/genai';
import { askLlm } from './ask-llm';
import { planToolCalls, type PlannedCall } from './plan';
import { callTool } from './tools-client';

/** What answering needs besides the request. */
export interface AgentDependencies {
  /** The OpenAI (or OpenAI-compatible) client. */
  llm: OpenAI;
  /** Model name sent to the LLM. */
  model: string;
  /** Base URL of the tools service. */
  toolsUrl: string;
  /** Timeout of one tool call in ms. */
  toolsTimeoutMs: number;
}

/** The outcome of one `POST /ask`: an HTTP status and the JSON body to send. */
export interface AgentReply {
  /** HTTP status: 200, 400 or 502. */
  status: number;
  /** JSON body; always holds `traceId` (all zeros when tracing is disabled). */
  body: Record<string, unknown>;
}

/** Name of the agent on its spans (`invoke_agent travel-assistant`). */
const AGENT_NAME = 'travel-assistant';

/** The request body is not `{ "question": "<non-empty string>" }`. */
class InvalidQuestionError extends Error {
  /** @param message what is wrong with the body; sent back to the caller */
  constructor(message: string) {
    super(message);
    this.name = 'InvalidQuestionError';
  }
}

/**
 * Answers one question inside `traceAgent`: validate the body, plan tool calls, run them against
 * the tools service, and ask the LLM. The session id comes from the inbound W3C baggage
 * (`session.id`) and becomes the conversation id.
 *   - 200 `{ answer, traceId, sessionId, degraded, tools }`; `degraded` is true when a tool call
 *     failed (each failure is recorded on its step span) and the answer was made without its data.
 *   - 400 `{ error, traceId }` when the body is not valid; the failed validation step is traced.
 *   - 502 `{ error, traceId }` when the LLM call failed.
 */
export async function answerQuestion(rawBody: string, deps: AgentDependencies): Promise<AgentReply> {
  const sessionId = propagation.getActiveBaggage()?.getEntry('session.id')?.value;
  let traceId = '';
  try {
    return await traceAgent({ name: AGENT_NAME, description: 'Answers travel questions from weather and flight lookups', conversationId: sessionId }, async (span: Span) => {
      traceId = span.spanContext().traceId;
      const question = traceStep({ type: 'validation', name: 'parse_request' }, () => parseQuestion(rawBody));
      const calls = traceStep({ type: 'plan', name: 'choose_tools' }, () => planToolCalls(question));
      const outcomes = await Promise.all(calls.map((call) => runToolStep(call, deps)));
      const answer = await askLlm(deps.llm, deps.model, {
        question,
        toolResults: outcomes.flatMap((outcome) => (outcome.result === undefined ? [] : [outcome.result])),
        unavailableTools: outcomes.filter((outcome) => outcome.result === undefined).map((outcome) => outcome.tool),
      });
      return {
        status: 200,
        body: {
          answer,
          traceId,
          sessionId: sessionId ?? null,
          degraded: outcomes.some((outcome) => outcome.result === undefined),
          tools: outcomes.map((outcome) => ({ name: outcome.tool, ok: outcome.result !== undefined, ...outcome.error })),
        },
      };
    });
  } catch (error) {
    if (error instanceof InvalidQuestionError) {
      return { status: 400, body: { error: { code: 'invalid_request', message: error.message }, traceId } };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { status: 502, body: { error: { code: 'llm_failed', message }, traceId } };
  }
}

interface ToolOutcome {
  tool: PlannedCall['tool'];
  result: Record<string, unknown> | undefined;
  error?: { error: string };
}

/** One `tool_call` step; a failure is recorded on the step span and turned into a missing result. */
async function runToolStep(call: PlannedCall, deps: AgentDependencies): Promise<ToolOutcome> {
  try {
    const result = await traceStep({ type: 'tool_call', name: call.tool }, () => callTool(deps.toolsUrl, call, deps.toolsTimeoutMs));
    return { tool: call.tool, result: { tool: call.tool, ...result } };
  } catch (error) {
    return { tool: call.tool, result: undefined, error: { error: error instanceof Error ? error.message : String(error) } };
  }
}

function parseQuestion(rawBody: string): string {
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    throw new InvalidQuestionError('the request body is not valid JSON');
  }
  const question = (body as { question?: unknown } | null)?.question;
  if (typeof question !== 'string' || question.trim() === '') {
    throw new InvalidQuestionError('the request body must be a JSON object with a non-empty "question" string');
  }
  return question.trim();
}
