import { propagation } from '@opentelemetry/api';
import { traceAgent, traceTool } from '@agent-otel/genai';
import type { QueueMessage } from './broker/protocol';

/** The body of a job message. */
export interface JobBody {
  question: string;
}

/** What the worker made of a job. */
export interface JobResult {
  summary: string;
  /** `session.id` from the baggage that arrived with the message; null without one. */
  sessionId: string | null;
}

/**
 * The worker's "agent": inside `traceAgent` it runs one tool step (`traceTool`) that counts the
 * question's words. Deterministic and offline; its spans nest under the consumer's `process` span
 * and carry the session id that came in the message's baggage.
 */
export async function summarizeJob(message: QueueMessage): Promise<JobResult> {
  const body = message.body as Partial<JobBody> | null;
  const question = typeof body?.question === 'string' ? body.question : '';
  const sessionId = propagation.getActiveBaggage()?.getEntry('session.id')?.value ?? null;
  return traceAgent({ name: 'queue-summarizer', conversationId: sessionId ?? undefined }, async () => {
    const words = traceTool({ name: 'word_count', type: 'function', description: "Counts the question's words" }, () => question.split(/\s+/).filter((w) => w !== '').length);
    return { summary: `${words} words`, sessionId };
  });
}
