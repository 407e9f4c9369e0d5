/**
 * The agent every consumer-app scenario runs: one `invoke_agent` span around two chat completions
 * made through the real `openai` client, each wrapped in `traceLlmCall` and recorded with
 * `recordLlmResponse`, the pattern the top-level README shows. The agent span also gets
 * `gen_ai.conversation.id` through the constant of `@agent-otel/genai/attributes`, so every cell
 * proves that subpath resolves from the packed package (CommonJS and ES module). It prints one line,
 * `CONSUMER_REPORT {json}`, with the trace id and the usage the stand-in reported for each call, so
 * the matrix can compare the trace read back from Jaeger with what really happened.
 */
import OpenAI from 'openai';
import { trace } from '@opentelemetry/api';
import { recordLlmResponse, traceAgent, traceLlmCall } from '@agent-otel/genai';
import { ATTR_GEN_AI_CONVERSATION_ID } from '@agent-otel/genai/attributes';

/** The model every call asks for; the stand-in answers with a dated snapshot of it. */
export const MODEL = 'gpt-4o-mini';

/** One chat completion as the client saw it. */
export interface CallReport {
  requestModel: string;
  responseModel: string;
  inputTokens: number;
  outputTokens: number;
}

/** What one run did. */
export interface RunReport {
  scenario: string;
  node: string;
  traceId: string;
  /** The `gen_ai.conversation.id` the agent span was given. */
  conversationId: string;
  calls: CallReport[];
}

const QUESTIONS: readonly string[] = ['Which city should I visit in May?', 'Find me a quiet hotel in Lisbon for two nights.'];

/** Runs the agent against the OpenAI-compatible endpoint in LLM_BASE_URL (ending in `/v1`). */
export async function runAgent(scenario: string): Promise<RunReport> {
  const baseURL = process.env.LLM_BASE_URL;
  if (!baseURL) throw new Error('LLM_BASE_URL is not set (the OpenAI-compatible endpoint, ending in /v1)');
  const openai = new OpenAI({ baseURL, apiKey: 'stand-in-key', maxRetries: 0 });
  return traceAgent({ name: 'consumer-agent' }, async () => {
    const span = trace.getActiveSpan();
    const traceId = span?.spanContext().traceId;
    if (!span || !traceId) throw new Error('traceAgent made no active span: no tracer provider is registered');
    const conversationId = `consumer-${scenario}`;
    span.setAttribute(ATTR_GEN_AI_CONVERSATION_ID, conversationId);
    const calls: CallReport[] = [];
    for (const question of QUESTIONS) {
      const call = await traceLlmCall({ model: MODEL, provider: 'openai', temperature: 0.2 }, async (span) => {
        const res = await openai.chat.completions.create({ model: MODEL, temperature: 0.2, messages: [{ role: 'user', content: question }] });
        recordLlmResponse(span, {
          model: res.model,
          id: res.id,
          finishReasons: res.choices.map((choice) => choice.finish_reason),
          inputTokens: res.usage?.prompt_tokens,
          outputTokens: res.usage?.completion_tokens,
        });
        return { requestModel: MODEL, responseModel: res.model, inputTokens: res.usage?.prompt_tokens ?? 0, outputTokens: res.usage?.completion_tokens ?? 0 };
      });
      calls.push(call);
    }
    return { scenario, node: process.version, traceId, conversationId, calls };
  });
}

/** Prints the report line the matrix reads. */
export function printReport(report: RunReport): void {
  process.stdout.write(`CONSUMER_REPORT ${JSON.stringify(report)}\n`);
}

/** Runs `main`, printing an error and exiting 1 when it fails. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`consumer app failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
