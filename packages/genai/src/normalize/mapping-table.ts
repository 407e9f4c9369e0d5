/**
 * The one table that maps other instrumentations' attribute names onto the OpenTelemetry GenAI
 * semantic conventions (v1.41 names, as in `@opentelemetry/semantic-conventions/incubating` 1.45).
 * When a convention moves, this file is the one to edit.
 *
 * Sources, checked against the spans each produces (see the README for the versions verified):
 * - `opentelemetry`: names the OTel conventions themselves deprecated, still written by
 *   `@opentelemetry/instrumentation-openai` 0.21 (`gen_ai.system`) and older instrumentations.
 * - `openinference`: Arize OpenInference (`llm.*`, `openinference.span.kind`, `tool.*`, `retrieval.*`).
 * - `openllmetry`: Traceloop OpenLLMetry (`llm.*` extras, `gen_ai.prompt.{i}.*`, cache/reasoning names).
 * - `vercel-ai`: the Vercel AI SDK's `experimental_telemetry` (`ai.*`).
 *
 * Rules are applied in order; a canonical attribute the span already has is never overwritten, so
 * the first rule that finds a value wins.
 */
import type { AttributeValue } from '@opentelemetry/api';
import {
  GEN_AI_OPERATION_NAME_VALUE_CHAT as CHAT,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS as EMBEDDINGS,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL as EXECUTE_TOOL,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT as INVOKE_AGENT,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_WORKFLOW as INVOKE_WORKFLOW,
  GEN_AI_OPERATION_NAME_VALUE_RETRIEVAL as RETRIEVAL,
  GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION as TEXT_COMPLETION,
} from '@opentelemetry/semantic-conventions/incubating';
import * as A from '../attributes';

/** The conventions normalization maps from. */
export type SourceConvention = 'opentelemetry' | 'openinference' | 'openllmetry' | 'vercel-ai';

/** Every {@link SourceConvention}. */
export const SOURCE_CONVENTIONS: readonly SourceConvention[] = ['opentelemetry', 'openinference', 'openllmetry', 'vercel-ai'];

/**
 * How a source value becomes the canonical one; a value that does not fit is skipped.
 * - `string`, `number`: that type only. `count`: a finite number >= 0.
 * - `provider`: a provider name, lower-cased, the AI SDK's `openai.chat` suffix dropped, aliases applied.
 * - `seconds-from-ms`: a number of milliseconds as seconds.
 * - `finish-reasons`: a string as a one-element array, with the conventions' reason names.
 * - `lookup`: the rule's `lookup` entry for the (string) source value.
 */
export type ValueKind = 'string' | 'number' | 'count' | 'provider' | 'seconds-from-ms' | 'finish-reasons' | 'lookup';

/** Builders of canonical values from several source attributes (see `builders.ts`). */
export type BuilderName =
  | 'openinference.input_messages'
  | 'openinference.output_messages'
  | 'openinference.retrieval_documents'
  | 'openllmetry.input_messages'
  | 'openllmetry.output_messages'
  | 'openllmetry.finish_reasons'
  | 'vercel-ai.prompt_messages'
  | 'vercel-ai.prompt_input'
  | 'vercel-ai.system_instructions'
  | 'vercel-ai.output_messages';

/** One mapping from a source attribute (or a builder) to a canonical attribute. */
export interface MappingRule {
  /** Convention the source belongs to; normalization of that convention can be turned off. */
  readonly convention: SourceConvention;
  /** Canonical attribute written. */
  readonly to: string;
  /** Source attribute read; for a builder, the attribute (or prefix ending in `.`) that triggers it. */
  readonly from: string;
  /** Read this field of `from` parsed as a JSON object instead of `from` itself. */
  readonly field?: string;
  /** Conversion of the value. Default: the value as it is. */
  readonly value?: ValueKind;
  /** For `value: 'lookup'`: source value → canonical value. */
  readonly lookup?: Readonly<Record<string, AttributeValue>>;
  /** Apply only when this attribute has one of these values (e.g. OpenInference span kind `TOOL`). */
  readonly when?: { readonly key: string; readonly equals: readonly string[] };
  /** Build the value from the whole span instead of reading `from`. */
  readonly build?: BuilderName;
}

/** Provider names other conventions use → `gen_ai.provider.name` values. Keys are lower-case. */
export const PROVIDER_ALIASES: Readonly<Record<string, string>> = {
  'amazon-bedrock': 'aws.bedrock',
  aws: 'aws.bedrock',
  bedrock: 'aws.bedrock',
  azure: 'azure.ai.openai',
  'azure-openai': 'azure.ai.openai',
  google: 'gcp.gen_ai',
  'google.vertex': 'gcp.vertex_ai',
  vertex: 'gcp.vertex_ai',
  vertexai: 'gcp.vertex_ai',
  mistral: 'mistral_ai',
  mistralai: 'mistral_ai',
  xai: 'x_ai',
  watsonx: 'ibm.watsonx.ai',
};

const OI_KIND = 'openinference.span.kind';
const OI_TOOL = { key: OI_KIND, equals: ['TOOL'] } as const;
const OI_RETRIEVER = { key: OI_KIND, equals: ['RETRIEVER'] } as const;
const OI_INVOCATION = 'llm.invocation_parameters';

/** The Vercel AI SDK's `ai.operationId` → `gen_ai.operation.name`. Top-level calls sum their model steps, like a workflow. */
const VERCEL_OPERATIONS: Readonly<Record<string, string>> = {
  'ai.generateText': INVOKE_WORKFLOW,
  'ai.streamText': INVOKE_WORKFLOW,
  'ai.generateObject': INVOKE_WORKFLOW,
  'ai.streamObject': INVOKE_WORKFLOW,
  'ai.embed': INVOKE_WORKFLOW,
  'ai.embedMany': INVOKE_WORKFLOW,
  'ai.generateText.doGenerate': CHAT,
  'ai.streamText.doStream': CHAT,
  'ai.generateObject.doGenerate': CHAT,
  'ai.streamObject.doStream': CHAT,
  'ai.embed.doEmbed': EMBEDDINGS,
  'ai.embedMany.doEmbed': EMBEDDINGS,
  'ai.toolCall': EXECUTE_TOOL,
};

/** The AI SDK's operations that stream. */
const VERCEL_STREAMING: Readonly<Record<string, boolean>> = {
  'ai.streamText': true,
  'ai.streamObject': true,
  'ai.streamText.doStream': true,
  'ai.streamObject.doStream': true,
  'ai.generateText': false,
  'ai.generateObject': false,
  'ai.generateText.doGenerate': false,
  'ai.generateObject.doGenerate': false,
};

/** Every mapping, in priority order. */
export const MAPPING_RULES: readonly MappingRule[] = [
  // ---- Operation ----
  {
    convention: 'openinference',
    from: OI_KIND,
    to: A.ATTR_GEN_AI_OPERATION_NAME,
    value: 'lookup',
    lookup: { LLM: CHAT, EMBEDDING: EMBEDDINGS, TOOL: EXECUTE_TOOL, AGENT: INVOKE_AGENT, RETRIEVER: RETRIEVAL },
  },
  {
    convention: 'openllmetry',
    from: 'llm.request.type',
    to: A.ATTR_GEN_AI_OPERATION_NAME,
    value: 'lookup',
    lookup: { chat: CHAT, completion: TEXT_COMPLETION, embedding: EMBEDDINGS },
  },
  { convention: 'vercel-ai', from: 'ai.operationId', to: A.ATTR_GEN_AI_OPERATION_NAME, value: 'lookup', lookup: VERCEL_OPERATIONS },

  // ---- Provider ----
  { convention: 'openinference', from: 'llm.provider', to: A.ATTR_GEN_AI_PROVIDER_NAME, value: 'provider' },
  { convention: 'vercel-ai', from: 'ai.model.provider', to: A.ATTR_GEN_AI_PROVIDER_NAME, value: 'provider' },
  { convention: 'opentelemetry', from: 'gen_ai.system', to: A.ATTR_GEN_AI_PROVIDER_NAME, value: 'provider' },
  { convention: 'openinference', from: 'llm.system', to: A.ATTR_GEN_AI_PROVIDER_NAME, value: 'provider' },

  // ---- Request ----
  { convention: 'openinference', from: OI_INVOCATION, field: 'model', to: A.ATTR_GEN_AI_REQUEST_MODEL, value: 'string' },
  { convention: 'openinference', from: 'llm.request.model_name', to: A.ATTR_GEN_AI_REQUEST_MODEL, value: 'string' },
  { convention: 'openinference', from: 'llm.model_name', to: A.ATTR_GEN_AI_REQUEST_MODEL, value: 'string' },
  { convention: 'vercel-ai', from: 'ai.model.id', to: A.ATTR_GEN_AI_REQUEST_MODEL, value: 'string' },
  { convention: 'openinference', from: OI_INVOCATION, field: 'temperature', to: A.ATTR_GEN_AI_REQUEST_TEMPERATURE, value: 'number' },
  { convention: 'vercel-ai', from: 'ai.settings.temperature', to: A.ATTR_GEN_AI_REQUEST_TEMPERATURE, value: 'number' },
  { convention: 'openinference', from: OI_INVOCATION, field: 'top_p', to: A.ATTR_GEN_AI_REQUEST_TOP_P, value: 'number' },
  { convention: 'vercel-ai', from: 'ai.settings.topP', to: A.ATTR_GEN_AI_REQUEST_TOP_P, value: 'number' },
  { convention: 'openinference', from: OI_INVOCATION, field: 'top_k', to: A.ATTR_GEN_AI_REQUEST_TOP_K, value: 'number' },
  { convention: 'openllmetry', from: 'llm.top_k', to: A.ATTR_GEN_AI_REQUEST_TOP_K, value: 'number' },
  { convention: 'vercel-ai', from: 'ai.settings.topK', to: A.ATTR_GEN_AI_REQUEST_TOP_K, value: 'number' },
  { convention: 'openinference', from: OI_INVOCATION, field: 'max_completion_tokens', to: A.ATTR_GEN_AI_REQUEST_MAX_TOKENS, value: 'count' },
  { convention: 'openinference', from: OI_INVOCATION, field: 'max_tokens', to: A.ATTR_GEN_AI_REQUEST_MAX_TOKENS, value: 'count' },
  { convention: 'vercel-ai', from: 'ai.settings.maxOutputTokens', to: A.ATTR_GEN_AI_REQUEST_MAX_TOKENS, value: 'count' },
  { convention: 'vercel-ai', from: 'ai.settings.maxTokens', to: A.ATTR_GEN_AI_REQUEST_MAX_TOKENS, value: 'count' },
  { convention: 'openinference', from: OI_INVOCATION, field: 'frequency_penalty', to: A.ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY, value: 'number' },
  { convention: 'openllmetry', from: 'llm.frequency_penalty', to: A.ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY, value: 'number' },
  { convention: 'vercel-ai', from: 'ai.settings.frequencyPenalty', to: A.ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY, value: 'number' },
  { convention: 'openinference', from: OI_INVOCATION, field: 'presence_penalty', to: A.ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY, value: 'number' },
  { convention: 'openllmetry', from: 'llm.presence_penalty', to: A.ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY, value: 'number' },
  { convention: 'vercel-ai', from: 'ai.settings.presencePenalty', to: A.ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY, value: 'number' },
  { convention: 'openinference', from: OI_INVOCATION, field: 'seed', to: A.ATTR_GEN_AI_REQUEST_SEED, value: 'number' },
  { convention: 'opentelemetry', from: 'gen_ai.openai.request.seed', to: A.ATTR_GEN_AI_REQUEST_SEED, value: 'number' },
  { convention: 'vercel-ai', from: 'ai.settings.seed', to: A.ATTR_GEN_AI_REQUEST_SEED, value: 'number' },
  { convention: 'openllmetry', from: 'llm.chat.stop_sequences', to: A.ATTR_GEN_AI_REQUEST_STOP_SEQUENCES },
  { convention: 'vercel-ai', from: 'ai.settings.stopSequences', to: A.ATTR_GEN_AI_REQUEST_STOP_SEQUENCES },
  { convention: 'openinference', from: OI_INVOCATION, field: 'stream', to: A.ATTR_GEN_AI_REQUEST_STREAM },
  { convention: 'vercel-ai', from: 'ai.operationId', to: A.ATTR_GEN_AI_REQUEST_STREAM, value: 'lookup', lookup: VERCEL_STREAMING },

  // ---- Response ----
  { convention: 'openinference', from: 'llm.response.model_name', to: A.ATTR_GEN_AI_RESPONSE_MODEL, value: 'string' },
  { convention: 'openinference', from: 'llm.model_name', to: A.ATTR_GEN_AI_RESPONSE_MODEL, value: 'string' },
  { convention: 'vercel-ai', from: 'ai.response.model', to: A.ATTR_GEN_AI_RESPONSE_MODEL, value: 'string' },
  { convention: 'vercel-ai', from: 'ai.response.id', to: A.ATTR_GEN_AI_RESPONSE_ID, value: 'string' },
  { convention: 'openinference', from: 'llm.finish_reason', to: A.ATTR_GEN_AI_RESPONSE_FINISH_REASONS, value: 'finish-reasons' },
  { convention: 'openllmetry', from: 'gen_ai.completion.', to: A.ATTR_GEN_AI_RESPONSE_FINISH_REASONS, build: 'openllmetry.finish_reasons' },
  { convention: 'vercel-ai', from: 'ai.response.finishReason', to: A.ATTR_GEN_AI_RESPONSE_FINISH_REASONS, value: 'finish-reasons' },
  { convention: 'vercel-ai', from: 'ai.response.msToFirstChunk', to: A.ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, value: 'seconds-from-ms' },

  // ---- Usage ----
  { convention: 'openinference', from: 'llm.token_count.prompt', to: A.ATTR_GEN_AI_USAGE_INPUT_TOKENS, value: 'count' },
  { convention: 'opentelemetry', from: 'gen_ai.usage.prompt_tokens', to: A.ATTR_GEN_AI_USAGE_INPUT_TOKENS, value: 'count' },
  { convention: 'vercel-ai', from: 'ai.usage.inputTokens', to: A.ATTR_GEN_AI_USAGE_INPUT_TOKENS, value: 'count' },
  { convention: 'vercel-ai', from: 'ai.usage.promptTokens', to: A.ATTR_GEN_AI_USAGE_INPUT_TOKENS, value: 'count' },
  { convention: 'vercel-ai', from: 'ai.usage.tokens', to: A.ATTR_GEN_AI_USAGE_INPUT_TOKENS, value: 'count' },
  { convention: 'openinference', from: 'llm.token_count.completion', to: A.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, value: 'count' },
  { convention: 'opentelemetry', from: 'gen_ai.usage.completion_tokens', to: A.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, value: 'count' },
  { convention: 'vercel-ai', from: 'ai.usage.outputTokens', to: A.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, value: 'count' },
  { convention: 'vercel-ai', from: 'ai.usage.completionTokens', to: A.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, value: 'count' },
  { convention: 'openinference', from: 'llm.token_count.total', to: A.ATTR_USAGE_TOTAL_TOKENS, value: 'count' },
  { convention: 'openllmetry', from: 'gen_ai.usage.total_tokens', to: A.ATTR_USAGE_TOTAL_TOKENS, value: 'count' },
  { convention: 'openllmetry', from: 'llm.usage.total_tokens', to: A.ATTR_USAGE_TOTAL_TOKENS, value: 'count' },
  { convention: 'vercel-ai', from: 'ai.usage.totalTokens', to: A.ATTR_USAGE_TOTAL_TOKENS, value: 'count' },
  { convention: 'openinference', from: 'llm.token_count.prompt_details.cache_read', to: A.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, value: 'count' },
  { convention: 'openllmetry', from: 'gen_ai.usage.cache_read_input_tokens', to: A.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, value: 'count' },
  { convention: 'opentelemetry', from: 'gen_ai.usage.input_tokens.cached', to: A.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, value: 'count' },
  { convention: 'vercel-ai', from: 'ai.usage.inputTokenDetails.cacheReadTokens', to: A.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, value: 'count' },
  { convention: 'vercel-ai', from: 'ai.usage.cachedInputTokens', to: A.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, value: 'count' },
  { convention: 'openinference', from: 'llm.token_count.prompt_details.cache_write', to: A.ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, value: 'count' },
  { convention: 'openllmetry', from: 'gen_ai.usage.cache_creation_input_tokens', to: A.ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, value: 'count' },
  { convention: 'vercel-ai', from: 'ai.usage.inputTokenDetails.cacheWriteTokens', to: A.ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, value: 'count' },
  { convention: 'openinference', from: 'llm.token_count.completion_details.reasoning', to: A.ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, value: 'count' },
  { convention: 'openllmetry', from: 'gen_ai.usage.reasoning_tokens', to: A.ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, value: 'count' },
  { convention: 'opentelemetry', from: 'gen_ai.usage.output_tokens.reasoning', to: A.ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, value: 'count' },
  { convention: 'vercel-ai', from: 'ai.usage.outputTokenDetails.reasoningTokens', to: A.ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, value: 'count' },
  { convention: 'vercel-ai', from: 'ai.usage.reasoningTokens', to: A.ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, value: 'count' },

  // ---- Content ----
  { convention: 'openinference', from: 'llm.input_messages.', to: A.ATTR_GEN_AI_INPUT_MESSAGES, build: 'openinference.input_messages' },
  { convention: 'openllmetry', from: 'gen_ai.prompt.', to: A.ATTR_GEN_AI_INPUT_MESSAGES, build: 'openllmetry.input_messages' },
  { convention: 'vercel-ai', from: 'ai.prompt.messages', to: A.ATTR_GEN_AI_INPUT_MESSAGES, build: 'vercel-ai.prompt_messages' },
  { convention: 'vercel-ai', from: 'ai.prompt', to: A.ATTR_GEN_AI_INPUT_MESSAGES, build: 'vercel-ai.prompt_input' },
  { convention: 'vercel-ai', from: 'ai.prompt', to: A.ATTR_GEN_AI_SYSTEM_INSTRUCTIONS, build: 'vercel-ai.system_instructions' },
  { convention: 'openinference', from: 'llm.output_messages.', to: A.ATTR_GEN_AI_OUTPUT_MESSAGES, build: 'openinference.output_messages' },
  { convention: 'openllmetry', from: 'gen_ai.completion.', to: A.ATTR_GEN_AI_OUTPUT_MESSAGES, build: 'openllmetry.output_messages' },
  { convention: 'vercel-ai', from: 'ai.response.', to: A.ATTR_GEN_AI_OUTPUT_MESSAGES, build: 'vercel-ai.output_messages' },

  // ---- Tools, retrieval, agents ----
  { convention: 'openinference', from: 'tool.name', to: A.ATTR_GEN_AI_TOOL_NAME, value: 'string' },
  { convention: 'vercel-ai', from: 'ai.toolCall.name', to: A.ATTR_GEN_AI_TOOL_NAME, value: 'string' },
  { convention: 'openinference', from: 'tool.description', to: A.ATTR_GEN_AI_TOOL_DESCRIPTION, value: 'string' },
  { convention: 'openinference', from: 'tool_call.id', to: A.ATTR_GEN_AI_TOOL_CALL_ID, value: 'string', when: OI_TOOL },
  { convention: 'vercel-ai', from: 'ai.toolCall.id', to: A.ATTR_GEN_AI_TOOL_CALL_ID, value: 'string' },
  { convention: 'openinference', from: 'input.value', to: A.ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, value: 'string', when: OI_TOOL },
  { convention: 'vercel-ai', from: 'ai.toolCall.args', to: A.ATTR_GEN_AI_TOOL_CALL_ARGUMENTS, value: 'string' },
  { convention: 'openinference', from: 'output.value', to: A.ATTR_GEN_AI_TOOL_CALL_RESULT, value: 'string', when: OI_TOOL },
  { convention: 'vercel-ai', from: 'ai.toolCall.result', to: A.ATTR_GEN_AI_TOOL_CALL_RESULT, value: 'string' },
  { convention: 'openinference', from: 'retrieval.documents.', to: A.ATTR_GEN_AI_RETRIEVAL_DOCUMENTS, build: 'openinference.retrieval_documents' },
  { convention: 'openinference', from: 'input.value', to: A.ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT, value: 'string', when: OI_RETRIEVER },
  { convention: 'openinference', from: 'agent.name', to: A.ATTR_GEN_AI_AGENT_NAME, value: 'string' },
  {
    convention: 'vercel-ai',
    from: 'ai.telemetry.functionId',
    to: A.ATTR_GEN_AI_WORKFLOW_NAME,
    value: 'string',
    when: { key: 'ai.operationId', equals: ['ai.generateText', 'ai.streamText', 'ai.generateObject', 'ai.streamObject', 'ai.embed', 'ai.embedMany'] },
  },

  // ---- Session and user ----
  { convention: 'vercel-ai', from: 'ai.telemetry.metadata.sessionId', to: A.ATTR_SESSION_ID, value: 'string' },
  { convention: 'vercel-ai', from: 'ai.telemetry.metadata.userId', to: A.ATTR_USER_ID, value: 'string' },
];

/**
 * Attribute-name prefixes that mark a span as possibly carrying another convention's names; spans
 * with none of them skip normalization at the cost of one pass over their keys.
 */
export const SOURCE_PREFIXES: readonly string[] = ['gen_ai.', 'llm.', 'ai.', 'openinference.'];
