/**
 * Every span attribute name agent-otel reads or writes, in one place.
 *
 * Canonical names come from the OpenTelemetry GenAI semantic conventions, imported from
 * `@opentelemetry/semantic-conventions/incubating` and re-exported here under the same constant
 * names. (That package marks its GenAI constants deprecated because the conventions moved to their
 * own repository; the names themselves are unchanged, and this module is the one place to update
 * if they ever change.) What no convention covers lives under the `agent_otel.*` namespace below.
 */
import {
  ATTR_ERROR_TYPE as SEMCONV_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_DESCRIPTION as SEMCONV_GEN_AI_AGENT_DESCRIPTION,
  ATTR_GEN_AI_AGENT_ID as SEMCONV_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME as SEMCONV_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_VERSION as SEMCONV_GEN_AI_AGENT_VERSION,
  ATTR_GEN_AI_CONVERSATION_ID as SEMCONV_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_DATA_SOURCE_ID as SEMCONV_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_INPUT_MESSAGES as SEMCONV_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME as SEMCONV_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES as SEMCONV_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROMPT_NAME as SEMCONV_GEN_AI_PROMPT_NAME,
  ATTR_GEN_AI_PROVIDER_NAME as SEMCONV_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY as SEMCONV_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS as SEMCONV_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL as SEMCONV_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY as SEMCONV_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED as SEMCONV_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES as SEMCONV_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_TEMPERATURE as SEMCONV_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K as SEMCONV_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P as SEMCONV_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS as SEMCONV_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID as SEMCONV_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL as SEMCONV_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS as SEMCONV_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ID as SEMCONV_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_DESCRIPTION as SEMCONV_GEN_AI_TOOL_DESCRIPTION,
  ATTR_GEN_AI_TOOL_NAME as SEMCONV_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE as SEMCONV_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS as SEMCONV_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS as SEMCONV_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_SESSION_ID as SEMCONV_SESSION_ID,
  ATTR_USER_ID as SEMCONV_USER_ID,
  ERROR_TYPE_VALUE_OTHER as SEMCONV_ERROR_TYPE_VALUE_OTHER,
  GEN_AI_OPERATION_NAME_VALUE_CHAT as SEMCONV_GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL as SEMCONV_GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT as SEMCONV_GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
} from '@opentelemetry/semantic-conventions/incubating';
import { ATTR_CAPTURE_MODE as CAPTURE_ATTR_CAPTURE_MODE } from '@agent-otel/capture';

// ---- GenAI semantic conventions: operation, provider, request ----

/** `gen_ai.operation.name`: the operation performed, e.g. `chat`, `invoke_agent`, `execute_tool`. */
export const ATTR_GEN_AI_OPERATION_NAME = SEMCONV_GEN_AI_OPERATION_NAME;
/** `gen_ai.provider.name`: the GenAI provider as the client knows it, e.g. `openai`, `anthropic`. */
export const ATTR_GEN_AI_PROVIDER_NAME = SEMCONV_GEN_AI_PROVIDER_NAME;
/** `gen_ai.request.model`: the model a request asks for, e.g. `gpt-4o-mini`. */
export const ATTR_GEN_AI_REQUEST_MODEL = SEMCONV_GEN_AI_REQUEST_MODEL;
/** `gen_ai.request.temperature`: sampling temperature of the request. */
export const ATTR_GEN_AI_REQUEST_TEMPERATURE = SEMCONV_GEN_AI_REQUEST_TEMPERATURE;
/** `gen_ai.request.top_p`: nucleus sampling setting of the request. */
export const ATTR_GEN_AI_REQUEST_TOP_P = SEMCONV_GEN_AI_REQUEST_TOP_P;
/** `gen_ai.request.top_k`: top-k sampling setting of the request. */
export const ATTR_GEN_AI_REQUEST_TOP_K = SEMCONV_GEN_AI_REQUEST_TOP_K;
/** `gen_ai.request.max_tokens`: the most tokens the model may generate. */
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = SEMCONV_GEN_AI_REQUEST_MAX_TOKENS;
/** `gen_ai.request.frequency_penalty`: frequency penalty of the request. */
export const ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY = SEMCONV_GEN_AI_REQUEST_FREQUENCY_PENALTY;
/** `gen_ai.request.presence_penalty`: presence penalty of the request. */
export const ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY = SEMCONV_GEN_AI_REQUEST_PRESENCE_PENALTY;
/** `gen_ai.request.seed`: seed asked for, for more reproducible output. */
export const ATTR_GEN_AI_REQUEST_SEED = SEMCONV_GEN_AI_REQUEST_SEED;
/** `gen_ai.request.stop_sequences`: sequences at which the model stops generating (string array). */
export const ATTR_GEN_AI_REQUEST_STOP_SEQUENCES = SEMCONV_GEN_AI_REQUEST_STOP_SEQUENCES;

// ---- GenAI semantic conventions: response and usage ----

/** `gen_ai.response.model`: the model that actually answered, e.g. `gpt-4o-mini-2024-07-18`. */
export const ATTR_GEN_AI_RESPONSE_MODEL = SEMCONV_GEN_AI_RESPONSE_MODEL;
/** `gen_ai.response.id`: the provider's id of the completion. */
export const ATTR_GEN_AI_RESPONSE_ID = SEMCONV_GEN_AI_RESPONSE_ID;
/** `gen_ai.response.finish_reasons`: why generation stopped, one per choice (string array). */
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = SEMCONV_GEN_AI_RESPONSE_FINISH_REASONS;
/** `gen_ai.usage.input_tokens`: tokens in the prompt, cached ones included. */
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = SEMCONV_GEN_AI_USAGE_INPUT_TOKENS;
/** `gen_ai.usage.output_tokens`: tokens in the response. */
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = SEMCONV_GEN_AI_USAGE_OUTPUT_TOKENS;

// ---- GenAI semantic conventions: content ----

/** `gen_ai.input.messages`: the chat history sent to the model, as a JSON string. */
export const ATTR_GEN_AI_INPUT_MESSAGES = SEMCONV_GEN_AI_INPUT_MESSAGES;
/** `gen_ai.output.messages`: the messages the model returned, as a JSON string. */
export const ATTR_GEN_AI_OUTPUT_MESSAGES = SEMCONV_GEN_AI_OUTPUT_MESSAGES;
/** `gen_ai.system_instructions`: system instructions sent apart from the chat history, as a JSON string. */
export const ATTR_GEN_AI_SYSTEM_INSTRUCTIONS = SEMCONV_GEN_AI_SYSTEM_INSTRUCTIONS;
/** `gen_ai.prompt.name`: the name of the prompt template used (its version: {@link ATTR_PROMPT_VERSION}). */
export const ATTR_GEN_AI_PROMPT_NAME = SEMCONV_GEN_AI_PROMPT_NAME;

// ---- GenAI semantic conventions: agents, tools, conversation ----

/** `gen_ai.conversation.id`: the conversation (thread) the request belongs to. */
export const ATTR_GEN_AI_CONVERSATION_ID = SEMCONV_GEN_AI_CONVERSATION_ID;
/** `gen_ai.agent.name`: human-readable name of the agent. */
export const ATTR_GEN_AI_AGENT_NAME = SEMCONV_GEN_AI_AGENT_NAME;
/** `gen_ai.agent.id`: unique id of the agent. */
export const ATTR_GEN_AI_AGENT_ID = SEMCONV_GEN_AI_AGENT_ID;
/** `gen_ai.agent.description`: free-form description of the agent. */
export const ATTR_GEN_AI_AGENT_DESCRIPTION = SEMCONV_GEN_AI_AGENT_DESCRIPTION;
/** `gen_ai.agent.version`: version of the agent, e.g. a release number or date. */
export const ATTR_GEN_AI_AGENT_VERSION = SEMCONV_GEN_AI_AGENT_VERSION;
/** `gen_ai.tool.name`: name of the tool the agent uses. */
export const ATTR_GEN_AI_TOOL_NAME = SEMCONV_GEN_AI_TOOL_NAME;
/** `gen_ai.tool.call.id`: the model's id for this tool call. */
export const ATTR_GEN_AI_TOOL_CALL_ID = SEMCONV_GEN_AI_TOOL_CALL_ID;
/** `gen_ai.tool.type`: `function`, `extension` or `datastore`. */
export const ATTR_GEN_AI_TOOL_TYPE = SEMCONV_GEN_AI_TOOL_TYPE;
/** `gen_ai.tool.description`: description of the tool. */
export const ATTR_GEN_AI_TOOL_DESCRIPTION = SEMCONV_GEN_AI_TOOL_DESCRIPTION;
/** `gen_ai.data_source.id`: the data source (e.g. a vector store) used for grounding. */
export const ATTR_GEN_AI_DATA_SOURCE_ID = SEMCONV_GEN_AI_DATA_SOURCE_ID;

// ---- General semantic conventions ----

/** `session.id`: the user session the request belongs to. */
export const ATTR_SESSION_ID = SEMCONV_SESSION_ID;
/** `user.id`: the end user on whose behalf the request runs. */
export const ATTR_USER_ID = SEMCONV_USER_ID;
/** `error.type`: class of the error a failed operation ended with (an error code or class name). */
export const ATTR_ERROR_TYPE = SEMCONV_ERROR_TYPE;
/** Value of `error.type` when no better class is known. */
export const ERROR_TYPE_VALUE_OTHER = SEMCONV_ERROR_TYPE_VALUE_OTHER;

// ---- agent_otel.*: what no convention covers ----

/** `agent_otel.usage.total_tokens`: input plus output tokens (the conventions define no total). */
export const ATTR_USAGE_TOTAL_TOKENS = 'agent_otel.usage.total_tokens';
/** `agent_otel.cost.usd`: estimated cost of the call in US dollars, input plus output. */
export const ATTR_COST_USD = 'agent_otel.cost.usd';
/** `agent_otel.cost.input_usd`: estimated cost of the input tokens in US dollars. */
export const ATTR_COST_INPUT_USD = 'agent_otel.cost.input_usd';
/** `agent_otel.cost.output_usd`: estimated cost of the output tokens in US dollars. */
export const ATTR_COST_OUTPUT_USD = 'agent_otel.cost.output_usd';
/** `agent_otel.cost.cache_read_usd`: the part of the input cost for tokens read from the provider's cache. */
export const ATTR_COST_CACHE_READ_USD = 'agent_otel.cost.cache_read_usd';
/** `agent_otel.cost.cache_write_usd`: the part of the input cost for tokens written to the provider's cache. */
export const ATTR_COST_CACHE_WRITE_USD = 'agent_otel.cost.cache_write_usd';
/** `agent_otel.cost.reasoning_usd`: the part of the output cost for reasoning tokens. */
export const ATTR_COST_REASONING_USD = 'agent_otel.cost.reasoning_usd';
/** `agent_otel.cost.price_table`: the id of the price table that priced the span (`GenAiSpanProcessorOptions.priceTableId`). */
export const ATTR_COST_PRICE_TABLE = 'agent_otel.cost.price_table';
/**
 * `agent_otel.llm.duplicate_of`: on a model-call span that describes the same call as another span
 * of the trace (a `traceLlmCall` span around an instrumented client, or two instrumentations of one
 * client), the span id (16 hex digits) of the span the call is counted on. Such a span carries no
 * `agent_otel.cost.*` and the request roll-up skips it: to count calls or sum `gen_ai.usage.*` in a
 * backend, leave out the spans that have this attribute.
 */
export const ATTR_LLM_DUPLICATE_OF = 'agent_otel.llm.duplicate_of';
/** `agent_otel.tenant.id`: the tenant (customer, organisation) the request runs for. */
export const ATTR_TENANT_ID = 'agent_otel.tenant.id';
/** `agent_otel.step.type`: kind of agent step, one of {@link STEP_TYPES}. */
export const ATTR_STEP_TYPE = 'agent_otel.step.type';
/** `agent_otel.step.name`: the application's name for an agent step, e.g. `trip`. */
export const ATTR_STEP_NAME = 'agent_otel.step.name';
/** `agent_otel.failure.category`: where a failure came from, one of {@link FAILURE_CATEGORIES}. */
export const ATTR_FAILURE_CATEGORY = 'agent_otel.failure.category';
/** `agent_otel.failure.code`: machine-readable failure code, e.g. `rate_limited`, `tool_timeout`. */
export const ATTR_FAILURE_CODE = 'agent_otel.failure.code';
/** `agent_otel.prompt.version`: version of the prompt template named by {@link ATTR_GEN_AI_PROMPT_NAME}. */
export const ATTR_PROMPT_VERSION = 'agent_otel.prompt.version';
/** `agent_otel.capture.mode`: the capture mode a span is routed with (owned by `@agent-otel/capture`). */
export const ATTR_CAPTURE_MODE = CAPTURE_ATTR_CAPTURE_MODE;

// ---- Baggage keys read by GenAiSpanProcessor ----

/** Baggage key carrying the session id across services; copied to {@link ATTR_SESSION_ID}. */
export const BAGGAGE_SESSION_ID = 'session.id';
/** Baggage key carrying the user id across services; copied to {@link ATTR_USER_ID}. */
export const BAGGAGE_USER_ID = 'user.id';
/** Baggage key carrying the tenant id across services; copied to {@link ATTR_TENANT_ID}. */
export const BAGGAGE_TENANT_ID = 'tenant.id';

// ---- Value vocabularies ----

/** `gen_ai.operation.name` of a chat completion call. */
export const GEN_AI_OPERATION_NAME_VALUE_CHAT = SEMCONV_GEN_AI_OPERATION_NAME_VALUE_CHAT;
/** `gen_ai.operation.name` of an agent invocation. */
export const GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT = SEMCONV_GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT;
/** `gen_ai.operation.name` of a tool execution. */
export const GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL = SEMCONV_GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL;

/** Kinds of agent step recorded in {@link ATTR_STEP_TYPE}. */
export type StepType = 'plan' | 'tool_selection' | 'tool_call' | 'reflection' | 'validation' | 'guardrail' | 'retrieval';

/** Every {@link StepType}. */
export const STEP_TYPES: readonly StepType[] = ['plan', 'tool_selection', 'tool_call', 'reflection', 'validation', 'guardrail', 'retrieval'];

/** Where a failure came from, recorded in {@link ATTR_FAILURE_CATEGORY}. */
export type FailureCategory = 'model' | 'tool' | 'orchestration' | 'guardrail';

/** Every {@link FailureCategory}. */
export const FAILURE_CATEGORIES: readonly FailureCategory[] = ['model', 'tool', 'orchestration', 'guardrail'];

// ---------------------------------------------------------------------------------------------
// Usage details, streaming and content normalized from other instrumentations.
// ---------------------------------------------------------------------------------------------

import {
  ATTR_GEN_AI_REQUEST_STREAM as SEMCONV_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK as SEMCONV_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS as SEMCONV_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT as SEMCONV_GEN_AI_RETRIEVAL_QUERY_TEXT,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS as SEMCONV_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT as SEMCONV_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS as SEMCONV_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS as SEMCONV_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS as SEMCONV_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_GEN_AI_WORKFLOW_NAME as SEMCONV_GEN_AI_WORKFLOW_NAME,
} from '@opentelemetry/semantic-conventions/incubating';

/** `gen_ai.usage.cache_read.input_tokens`: input tokens served from the provider's cache (part of the input tokens). */
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = SEMCONV_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS;
/** `gen_ai.usage.cache_creation.input_tokens`: input tokens written to the provider's cache (part of the input tokens). */
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = SEMCONV_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS;
/** `gen_ai.usage.reasoning.output_tokens`: output tokens spent on reasoning (part of the output tokens). */
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = SEMCONV_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS;
/** `gen_ai.request.stream`: whether the request asked for a streamed response. */
export const ATTR_GEN_AI_REQUEST_STREAM = SEMCONV_GEN_AI_REQUEST_STREAM;
/** `gen_ai.response.time_to_first_chunk`: seconds from the request to the first streamed chunk. */
export const ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = SEMCONV_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK;
/** `gen_ai.tool.call.arguments`: the arguments a tool was called with, as a JSON string. */
export const ATTR_GEN_AI_TOOL_CALL_ARGUMENTS = SEMCONV_GEN_AI_TOOL_CALL_ARGUMENTS;
/** `gen_ai.tool.call.result`: what a tool call returned, as a JSON string. */
export const ATTR_GEN_AI_TOOL_CALL_RESULT = SEMCONV_GEN_AI_TOOL_CALL_RESULT;
/** `gen_ai.retrieval.documents`: documents a retrieval returned (`[{ id, score, ... }]`), as a JSON string. */
export const ATTR_GEN_AI_RETRIEVAL_DOCUMENTS = SEMCONV_GEN_AI_RETRIEVAL_DOCUMENTS;
/** `gen_ai.retrieval.query.text`: the text a retrieval searched for. */
export const ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT = SEMCONV_GEN_AI_RETRIEVAL_QUERY_TEXT;
/** `gen_ai.workflow.name`: the application's name of a GenAI workflow (e.g. the AI SDK's `functionId`). */
export const ATTR_GEN_AI_WORKFLOW_NAME = SEMCONV_GEN_AI_WORKFLOW_NAME;
/** `agent_otel.normalized_from`: the conventions a span's canonical attributes were mapped from (string array). */
export const ATTR_NORMALIZED_FROM = 'agent_otel.normalized_from';
/** `agent_otel.redaction.count`: detected sensitive values masked or hashed on the span and its events. */
export const ATTR_REDACTION_COUNT = 'agent_otel.redaction.count';
/** `agent_otel.redaction.removed`: content attributes removed by redaction mode `none` (string array). */
export const ATTR_REDACTION_REMOVED = 'agent_otel.redaction.removed';
/** `agent_otel.truncated`: attributes whose values were cut to the length or message limit (string array). */
export const ATTR_TRUNCATED = 'agent_otel.truncated';
/** `agent_otel.truncated.messages`: chat messages dropped by the message limit. */
export const ATTR_TRUNCATED_MESSAGES = 'agent_otel.truncated.messages';

// ---------------------------------------------------------------------------------------------
// Failures, retries, fallbacks and other flow events; request outcome; feedback.
// ---------------------------------------------------------------------------------------------

import {
  ATTR_GEN_AI_EVALUATION_EXPLANATION as SEMCONV_GEN_AI_EVALUATION_EXPLANATION,
  ATTR_GEN_AI_EVALUATION_NAME as SEMCONV_GEN_AI_EVALUATION_NAME,
  ATTR_GEN_AI_EVALUATION_SCORE_LABEL as SEMCONV_GEN_AI_EVALUATION_SCORE_LABEL,
  ATTR_GEN_AI_EVALUATION_SCORE_VALUE as SEMCONV_GEN_AI_EVALUATION_SCORE_VALUE,
  EVENT_GEN_AI_EVALUATION_RESULT as SEMCONV_EVENT_GEN_AI_EVALUATION_RESULT,
} from '@opentelemetry/semantic-conventions/incubating';

/** `agent_otel.failure.where`: the component or step a failure happened in, e.g. `tool:search`. */
export const ATTR_FAILURE_WHERE = 'agent_otel.failure.where';

/** Span event: an operation failed and is about to be tried again. */
export const EVENT_RETRY = 'agent_otel.retry';
/** `agent_otel.retry.attempt` (event attribute): the retry number, 1 for the first retry (the second call). */
export const ATTR_RETRY_ATTEMPT = 'agent_otel.retry.attempt';
/** `agent_otel.retry.backoff_ms` (event attribute): milliseconds waited before the retry. */
export const ATTR_RETRY_BACKOFF_MS = 'agent_otel.retry.backoff_ms';
/** `agent_otel.retry.reason` (event attribute): why the call is retried, usually a failure code. */
export const ATTR_RETRY_REASON = 'agent_otel.retry.reason';

/** Span event: an operation ran out of time. */
export const EVENT_TIMEOUT = 'agent_otel.timeout';
/** `agent_otel.timeout.ms` (event attribute): the time limit that was hit, in milliseconds. */
export const ATTR_TIMEOUT_MS = 'agent_otel.timeout.ms';
/** `agent_otel.timeout.operation` (event attribute): what timed out, e.g. `chat gpt-4o`, `tool:search`. */
export const ATTR_TIMEOUT_OPERATION = 'agent_otel.timeout.operation';

/** Span event: a primary path failed and a fallback took over. */
export const EVENT_FALLBACK = 'agent_otel.fallback';
/** `agent_otel.fallback.from` (event attribute): what failed, e.g. a model or tool name. */
export const ATTR_FALLBACK_FROM = 'agent_otel.fallback.from';
/** `agent_otel.fallback.to` (event attribute): what is used instead. */
export const ATTR_FALLBACK_TO = 'agent_otel.fallback.to';
/** `agent_otel.fallback.reason` (event attribute): why, usually a failure code. */
export const ATTR_FALLBACK_REASON = 'agent_otel.fallback.reason';

/** Span event: a guardrail or policy matched. */
export const EVENT_GUARDRAIL = 'agent_otel.guardrail';
/** `agent_otel.guardrail.policy` (event attribute): the policy that matched, e.g. `pii`, `jailbreak`. */
export const ATTR_GUARDRAIL_POLICY = 'agent_otel.guardrail.policy';
/** `agent_otel.guardrail.action` (event attribute): one of {@link GUARDRAIL_ACTIONS}. */
export const ATTR_GUARDRAIL_ACTION = 'agent_otel.guardrail.action';
/** `agent_otel.guardrail.detail` (event attribute): short, sanitized detail of the match. */
export const ATTR_GUARDRAIL_DETAIL = 'agent_otel.guardrail.detail';

/** Span event: an output did not match the schema it had to follow. */
export const EVENT_SCHEMA_VALIDATION = 'agent_otel.schema_validation';
/** `agent_otel.schema_validation.expected` (event attribute): the schema's name or the JSON schema, capped. */
export const ATTR_SCHEMA_VALIDATION_EXPECTED = 'agent_otel.schema_validation.expected';
/** `agent_otel.schema_validation.actual` (event attribute): the output received, as JSON, capped. */
export const ATTR_SCHEMA_VALIDATION_ACTUAL = 'agent_otel.schema_validation.actual';
/** `agent_otel.schema_validation.diff` (event attribute): the differences, as a JSON array, capped. */
export const ATTR_SCHEMA_VALIDATION_DIFF = 'agent_otel.schema_validation.diff';

/** Span event: an agent loop reached its step limit. */
export const EVENT_MAX_STEPS_EXCEEDED = 'agent_otel.max_steps_exceeded';
/** `agent_otel.steps.limit` (event attribute): the most steps allowed. */
export const ATTR_STEPS_LIMIT = 'agent_otel.steps.limit';
/** `agent_otel.steps.count` (event attribute): the steps taken when the limit was hit. */
export const ATTR_STEPS_COUNT = 'agent_otel.steps.count';

/** `agent_otel.request.outcome`: on a request's local root span, one of {@link REQUEST_OUTCOMES}. */
export const ATTR_REQUEST_OUTCOME = 'agent_otel.request.outcome';
/** `agent_otel.request.duration_ms`: end-to-end latency of the request's local part, in milliseconds. */
export const ATTR_REQUEST_DURATION_MS = 'agent_otel.request.duration_ms';
/** `agent_otel.request.input_tokens`: input tokens of every model call of the request. */
export const ATTR_REQUEST_INPUT_TOKENS = 'agent_otel.request.input_tokens';
/** `agent_otel.request.output_tokens`: output tokens of every model call of the request. */
export const ATTR_REQUEST_OUTPUT_TOKENS = 'agent_otel.request.output_tokens';
/** `agent_otel.request.cost.usd`: estimated cost of every model call of the request, in US dollars. */
export const ATTR_REQUEST_COST_USD = 'agent_otel.request.cost.usd';
/** `agent_otel.request.step_count`: spans of the request with an `agent_otel.step.type`. */
export const ATTR_REQUEST_STEP_COUNT = 'agent_otel.request.step_count';
/** `agent_otel.request.llm_call_count`: model calls (chat, text_completion, generate_content, embeddings). */
export const ATTR_REQUEST_LLM_CALL_COUNT = 'agent_otel.request.llm_call_count';
/** `agent_otel.request.tool_call_count`: tool executions (`execute_tool`). */
export const ATTR_REQUEST_TOOL_CALL_COUNT = 'agent_otel.request.tool_call_count';
/** `agent_otel.request.error_count`: spans of the request below the root that ended with status ERROR. */
export const ATTR_REQUEST_ERROR_COUNT = 'agent_otel.request.error_count';
/** `agent_otel.request.retry_count`: `agent_otel.retry` events in the request. */
export const ATTR_REQUEST_RETRY_COUNT = 'agent_otel.request.retry_count';
/** `agent_otel.request.fallback_count`: `agent_otel.fallback` events in the request. */
export const ATTR_REQUEST_FALLBACK_COUNT = 'agent_otel.request.fallback_count';

/** `gen_ai.evaluation.name`: name of the evaluation metric, e.g. `Relevance`, `user_feedback`. */
export const ATTR_GEN_AI_EVALUATION_NAME = SEMCONV_GEN_AI_EVALUATION_NAME;
/** `gen_ai.evaluation.score.value`: the score the evaluator gave. */
export const ATTR_GEN_AI_EVALUATION_SCORE_VALUE = SEMCONV_GEN_AI_EVALUATION_SCORE_VALUE;
/** `gen_ai.evaluation.score.label`: low-cardinality label of the score, e.g. `pass`, `relevant`. */
export const ATTR_GEN_AI_EVALUATION_SCORE_LABEL = SEMCONV_GEN_AI_EVALUATION_SCORE_LABEL;
/** `gen_ai.evaluation.explanation`: free-form explanation of the score. */
export const ATTR_GEN_AI_EVALUATION_EXPLANATION = SEMCONV_GEN_AI_EVALUATION_EXPLANATION;
/** Event `gen_ai.evaluation.result`: the result of evaluating GenAI output. */
export const EVENT_GEN_AI_EVALUATION_RESULT = SEMCONV_EVENT_GEN_AI_EVALUATION_RESULT;
/** `agent_otel.feedback.evaluator`: who gave the feedback, e.g. `user`, `llm-judge`, `reviewer:ana`. */
export const ATTR_FEEDBACK_EVALUATOR = 'agent_otel.feedback.evaluator';
/** `agent_otel.feedback.trace_id`: the trace the feedback is about. */
export const ATTR_FEEDBACK_TRACE_ID = 'agent_otel.feedback.trace_id';
/** `agent_otel.feedback.span_id`: the span the feedback is about. */
export const ATTR_FEEDBACK_SPAN_ID = 'agent_otel.feedback.span_id';

/** What a guardrail did, recorded in {@link ATTR_GUARDRAIL_ACTION}. */
export type GuardrailAction = 'blocked' | 'redacted' | 'flagged';

/** Every {@link GuardrailAction}. */
export const GUARDRAIL_ACTIONS: readonly GuardrailAction[] = ['blocked', 'redacted', 'flagged'];

/** How a request ended, recorded in {@link ATTR_REQUEST_OUTCOME}. */
export type RequestOutcome = 'success' | 'partial' | 'failure';

/** Every {@link RequestOutcome}. */
export const REQUEST_OUTCOMES: readonly RequestOutcome[] = ['success', 'partial', 'failure'];
