import { context, SpanKind, type Span } from '@opentelemetry/api';
import { setAgentName } from './agent-context';
import {
  ATTR_GEN_AI_AGENT_DESCRIPTION,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
} from './attributes';
import { spanName, startAttributes, tracerOf, type CommonSpanOptions } from './helper-options';
import { runInSpan } from './with-span';

/** Options of {@link traceAgent}. */
export interface AgentSpanOptions extends CommonSpanOptions {
  /** Agent name (`gen_ai.agent.name`); also names the span `invoke_agent {name}`. */
  name: string;
  /** Agent id (`gen_ai.agent.id`). Default: none. */
  id?: string;
  /** Agent description (`gen_ai.agent.description`). Default: none. */
  description?: string;
  /** Conversation or thread id (`gen_ai.conversation.id`). Default: none. */
  conversationId?: string;
  /** GenAI provider behind the agent (`gen_ai.provider.name`), e.g. `openai`. Default: none. */
  provider?: string;
}

/**
 * Runs `fn` inside an `invoke_agent {name}` span (kind INTERNAL). Spans started within `fn` nest
 * under it, and `GenAiSpanProcessor` labels them with this agent's name. Ends when `fn` returns or
 * its promise settles; failures are recorded and rethrown.
 */
export function traceAgent<T>(options: AgentSpanOptions, fn: (span: Span) => T): T {
  const attributes = startAttributes('traceAgent', options, {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
    [ATTR_GEN_AI_AGENT_NAME]: options.name,
    [ATTR_GEN_AI_AGENT_ID]: options.id,
    [ATTR_GEN_AI_AGENT_DESCRIPTION]: options.description,
    [ATTR_GEN_AI_CONVERSATION_ID]: options.conversationId,
    [ATTR_GEN_AI_PROVIDER_NAME]: options.provider,
  });
  return runInSpan(
    tracerOf(options),
    spanName(GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT, options.name),
    { kind: SpanKind.INTERNAL, attributes },
    setAgentName(context.active(), options.name),
    fn,
  );
}
