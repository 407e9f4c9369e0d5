import type OpenAI from 'openai';
import { recordLlmResponse, traceLlmCall } from '@agent-otel/genai';

/** What the model is asked with: the question and what the tools returned. */
export interface LlmInput {
  /** The user's question. */
  question: string;
  /** One result per successful tool call, each with a `tool` field naming the tool. */
  toolResults: readonly Record<string, unknown>[];
  /** Names of the tools whose call failed. */
  unavailableTools: readonly string[];
}

/** Sampling parameters of every call; recorded on the span exactly as sent. */
const SAMPLING = { temperature: 0.2, topP: 0.9, maxTokens: 256, seed: 7 } as const;

/**
 * Asks the model for the final answer inside `traceLlmCall`, and records the response model, id,
 * finish reasons and the provider's real token usage on the span. Errors from the client (HTTP
 * errors, timeouts) are recorded on the span by `traceLlmCall` and rethrown.
 */
export function askLlm(client: OpenAI, model: string, input: LlmInput): Promise<string> {
  return traceLlmCall({ model, provider: 'openai', operation: 'chat', ...SAMPLING }, async (span) => {
    const completion = await client.chat.completions.create({
      model,
      messages: [
        { role: 'system', content: systemPrompt(input) },
        { role: 'user', content: input.question },
      ],
      temperature: SAMPLING.temperature,
      top_p: SAMPLING.topP,
      max_tokens: SAMPLING.maxTokens,
      seed: SAMPLING.seed,
    });
    recordLlmResponse(span, {
      model: completion.model,
      id: completion.id,
      finishReasons: completion.choices.map((choice) => choice.finish_reason),
      inputTokens: completion.usage?.prompt_tokens,
      outputTokens: completion.usage?.completion_tokens,
    });
    return completion.choices[0]?.message.content ?? '';
  });
}

function systemPrompt(input: LlmInput): string {
  const lines = ['You are a travel assistant. Answer the question in at most three sentences, using only the tool results below.'];
  if (input.toolResults.length > 0) {
    lines.push('Tool results, one JSON object per line:', ...input.toolResults.map((result) => JSON.stringify(result)));
  } else {
    lines.push('There are no tool results.');
  }
  if (input.unavailableTools.length > 0) {
    lines.push(`These tools failed, so say that their data is missing: ${input.unavailableTools.join(', ')}.`);
  }
  return lines.join('\n');
}
