/**
 * The OpenInference attribute names agent-otel writes (OpenInference semantic conventions as in
 * `@arizeai/openinference-semantic-conventions` 2.12), kept here so the runtime does not depend on
 * that package; the tests check every name against it.
 */

/** `openinference.span.kind`: LLM, EMBEDDING, TOOL, AGENT, CHAIN, RETRIEVER. */
export const OI_SPAN_KIND = 'openinference.span.kind';
/** `llm.model_name`. */
export const OI_LLM_MODEL_NAME = 'llm.model_name';
/** `llm.provider`. */
export const OI_LLM_PROVIDER = 'llm.provider';
/** `llm.invocation_parameters`: request parameters as a JSON object string. */
export const OI_LLM_INVOCATION_PARAMETERS = 'llm.invocation_parameters';
/** Prefix of every `llm.token_count.*` name. */
export const OI_LLM_TOKEN_COUNT_PREFIX = 'llm.token_count.';
/** `llm.token_count.prompt`. */
export const OI_LLM_TOKEN_COUNT_PROMPT = 'llm.token_count.prompt';
/** `llm.token_count.completion`. */
export const OI_LLM_TOKEN_COUNT_COMPLETION = 'llm.token_count.completion';
/** `llm.token_count.total`. */
export const OI_LLM_TOKEN_COUNT_TOTAL = 'llm.token_count.total';
/** `llm.token_count.prompt_details.cache_read`. */
export const OI_LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_READ = 'llm.token_count.prompt_details.cache_read';
/** `llm.token_count.prompt_details.cache_write`. */
export const OI_LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_WRITE = 'llm.token_count.prompt_details.cache_write';
/** `llm.token_count.completion_details.reasoning`. */
export const OI_LLM_TOKEN_COUNT_COMPLETION_DETAILS_REASONING = 'llm.token_count.completion_details.reasoning';
/** `llm.input_messages`: prefix of the flattened input messages (`llm.input_messages.{i}.message.role`). */
export const OI_LLM_INPUT_MESSAGES = 'llm.input_messages';
/** `llm.output_messages`: prefix of the flattened output messages. */
export const OI_LLM_OUTPUT_MESSAGES = 'llm.output_messages';
/** `llm.prompt_template.version`. */
export const OI_PROMPT_TEMPLATE_VERSION = 'llm.prompt_template.version';
/** `message.role` (within a flattened message). */
export const OI_MESSAGE_ROLE = 'message.role';
/** `message.content` (within a flattened message). */
export const OI_MESSAGE_CONTENT = 'message.content';
/** `message.tool_call_id` (within a flattened message). */
export const OI_MESSAGE_TOOL_CALL_ID = 'message.tool_call_id';
/** `message.tool_calls` (within a flattened message). */
export const OI_MESSAGE_TOOL_CALLS = 'message.tool_calls';
/** `tool_call.id` (within a flattened tool call; also the call id on a TOOL span). */
export const OI_TOOL_CALL_ID = 'tool_call.id';
/** `tool_call.function.name` (within a flattened tool call). */
export const OI_TOOL_CALL_FUNCTION_NAME = 'tool_call.function.name';
/** `tool_call.function.arguments` (within a flattened tool call). */
export const OI_TOOL_CALL_FUNCTION_ARGUMENTS = 'tool_call.function.arguments';
/** `input.value`. */
export const OI_INPUT_VALUE = 'input.value';
/** `input.mime_type`. */
export const OI_INPUT_MIME_TYPE = 'input.mime_type';
/** `output.value`. */
export const OI_OUTPUT_VALUE = 'output.value';
/** `output.mime_type`. */
export const OI_OUTPUT_MIME_TYPE = 'output.mime_type';
/** `tool.name`. */
export const OI_TOOL_NAME = 'tool.name';
/** `tool.description`. */
export const OI_TOOL_DESCRIPTION = 'tool.description';
/** `agent.name`. */
export const OI_AGENT_NAME = 'agent.name';
/** `retrieval.documents`: prefix of the flattened documents (`retrieval.documents.{i}.document.id`). */
export const OI_RETRIEVAL_DOCUMENTS = 'retrieval.documents';
/** `document.id` (within a flattened document). */
export const OI_DOCUMENT_ID = 'document.id';
/** `document.score` (within a flattened document). */
export const OI_DOCUMENT_SCORE = 'document.score';
/** `document.content` (within a flattened document). */
export const OI_DOCUMENT_CONTENT = 'document.content';
/** `session.id`: the same name as the OTel attribute, so it needs no copy. */
export const OI_SESSION_ID = 'session.id';
/** `user.id`: the same name as the OTel attribute, so it needs no copy. */
export const OI_USER_ID = 'user.id';

/** Values of {@link OI_SPAN_KIND} agent-otel writes. */
export type OpenInferenceSpanKind = 'LLM' | 'EMBEDDING' | 'TOOL' | 'AGENT' | 'CHAIN' | 'RETRIEVER';

/** MIME types of `input.value` / `output.value`. */
export const OI_MIME_JSON = 'application/json';
/** MIME type of plain text values. */
export const OI_MIME_TEXT = 'text/plain';
