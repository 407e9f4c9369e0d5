import { parsePort } from '../http/serve';

/** Settings of the agent service, read from the environment in this one place. */
export interface AgentConfig {
  /** AGENT_PORT; default `0` (any free port). */
  port: number;
  /** TOOLS_URL: base URL of the tools service, e.g. `http://127.0.0.1:8081`. Required. */
  toolsUrl: string;
  /** TOOLS_TIMEOUT_MS: how long one tool call may take before it counts as failed. Default 2000. */
  toolsTimeoutMs: number;
  /** OPENAI_BASE_URL: an OpenAI-compatible API, e.g. the stand-in's `http://127.0.0.1:8082/v1`. Default: the openai client's own (api.openai.com). */
  llmBaseUrl: string | undefined;
  /** OPENAI_API_KEY; default `'local-stand-in'`, which only the stand-in accepts as well as any other. */
  llmApiKey: string;
  /** LLM_MODEL; default `'gpt-4o-mini'`. */
  llmModel: string;
  /** LLM_TIMEOUT_MS: timeout of one LLM request. Default 30000. */
  llmTimeoutMs: number;
}

/** Reads {@link AgentConfig}; throws an error naming the variable when one is missing or malformed. */
export function readAgentConfig(env: NodeJS.ProcessEnv = process.env): AgentConfig {
  const toolsUrl = nonEmpty(env.TOOLS_URL);
  if (toolsUrl === undefined) throw new Error('TOOLS_URL must be set to the base URL of the tools service');
  checkUrl('TOOLS_URL', toolsUrl);
  const llmBaseUrl = nonEmpty(env.OPENAI_BASE_URL);
  if (llmBaseUrl !== undefined) checkUrl('OPENAI_BASE_URL', llmBaseUrl);
  return {
    port: parsePort('AGENT_PORT', env.AGENT_PORT),
    toolsUrl: toolsUrl.replace(/\/+$/, ''),
    toolsTimeoutMs: integer('TOOLS_TIMEOUT_MS', env.TOOLS_TIMEOUT_MS, 2000, 1, 600_000),
    llmBaseUrl,
    llmApiKey: nonEmpty(env.OPENAI_API_KEY) ?? 'local-stand-in',
    llmModel: nonEmpty(env.LLM_MODEL) ?? 'gpt-4o-mini',
    llmTimeoutMs: integer('LLM_TIMEOUT_MS', env.LLM_TIMEOUT_MS, 30_000, 1, 600_000),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function checkUrl(variable: string, value: string): void {
  if (!URL.canParse(value)) throw new Error(`${variable} must be an absolute URL, got "${value}"`);
}

function integer(variable: string, value: string | undefined, fallback: number, min: number, max: number): number {
  const text = nonEmpty(value);
  if (text === undefined) return fallback;
  const number = Number(text);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new Error(`${variable} must be an integer between ${min} and ${max}, got "${value}"`);
  }
  return number;
}
