import { createContextKey, type Context } from '@opentelemetry/api';

/** Context key holding the name of the innermost agent invoked with `traceAgent`. */
const AGENT_NAME_KEY = createContextKey('agent_otel.genai.agent_name');

/** Returns `ctx` with `name` as the enclosing agent, for spans started beneath it. */
export function setAgentName(ctx: Context, name: string): Context {
  return ctx.setValue(AGENT_NAME_KEY, name);
}

/** The name of the innermost enclosing `traceAgent` call in `ctx`, if any. */
export function getAgentName(ctx: Context): string | undefined {
  const name = ctx.getValue(AGENT_NAME_KEY);
  return typeof name === 'string' ? name : undefined;
}
