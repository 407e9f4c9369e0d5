export {
  ATTR_COST_INPUT_USD,
  ATTR_COST_CACHE_READ_USD,
  ATTR_COST_CACHE_WRITE_USD,
  ATTR_COST_OUTPUT_USD,
  ATTR_COST_PRICE_TABLE,
  ATTR_COST_REASONING_USD,
  ATTR_COST_USD,
  ATTR_LLM_DUPLICATE_OF,
  ATTR_CAPTURE_MODE,
  ATTR_ERROR_TYPE,
  ATTR_FAILURE_CATEGORY,
  ATTR_FAILURE_CODE,
  ATTR_GEN_AI_AGENT_DESCRIPTION,
  ATTR_GEN_AI_AGENT_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_VERSION,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROMPT_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_K,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM_INSTRUCTIONS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_DESCRIPTION,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_PROMPT_VERSION,
  ATTR_SESSION_ID,
  ATTR_STEP_NAME,
  ATTR_STEP_TYPE,
  ATTR_TENANT_ID,
  ATTR_USAGE_TOTAL_TOKENS,
  ATTR_USER_ID,
  BAGGAGE_SESSION_ID,
  BAGGAGE_TENANT_ID,
  BAGGAGE_USER_ID,
  ERROR_TYPE_VALUE_OTHER,
  FAILURE_CATEGORIES,
  GEN_AI_OPERATION_NAME_VALUE_CHAT,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
  GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
  STEP_TYPES,
} from './attributes';
export type { FailureCategory, StepType } from './attributes';
export { DEFAULT_PRICE_TABLE, DEFAULT_PRICE_TABLE_ID } from './default-price-table';
export { DEFAULT_BAGGAGE_KEYS, GenAiSpanProcessor } from './genai-span-processor';
export type { GenAiSpanProcessorOptions, GenAiSpanProcessorStats } from './genai-span-processor';
export type { CommonSpanOptions, GenAiContent } from './helper-options';
export { createPriceLookup, estimateCost } from './price-table';
export type { CostEstimate, ModelPrice, PriceLookup, PriceTable, ResolvedModelPrice, TokenUsage } from './price-table';
export { recordLlmResponse } from './record-llm-response';
export type { LlmResponseInfo } from './record-llm-response';
export { traceAgent } from './trace-agent';
export type { AgentSpanOptions } from './trace-agent';
export { traceLlmCall } from './trace-llm-call';
export type { LlmCallOptions, LlmOperation } from './trace-llm-call';
export { traceStep } from './trace-step';
export type { StepSpanOptions } from './trace-step';
export { traceTool } from './trace-tool';
export type { ToolSpanOptions, ToolType } from './trace-tool';
export { recordFailure } from './with-span';
export { errorType } from './error-type';
export {
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_RETRIEVAL_DOCUMENTS,
  ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_GEN_AI_WORKFLOW_NAME,
  ATTR_NORMALIZED_FROM,
  ATTR_REDACTION_COUNT,
  ATTR_REDACTION_REMOVED,
  ATTR_TRUNCATED,
  ATTR_TRUNCATED_MESSAGES,
} from './attributes';
export { MAPPING_RULES, SOURCE_CONVENTIONS } from './normalize/mapping-table';
export type { BuilderName, MappingRule, SourceConvention, ValueKind } from './normalize/mapping-table';
export type { NormalizeOptions } from './normalize/normalizer';
export { CONTENT_KINDS, CONTENT_LOCATIONS } from './redaction/content-kinds';
export type { ContentKind, ContentLocations } from './redaction/content-kinds';
export { BUILT_IN_DETECTORS, BUILT_IN_PII_KINDS } from './redaction/detectors';
export type { BuiltInPiiKind, DetectedRange, PiiDetector } from './redaction/detectors';
export type { RedactionMode, RedactionOptions } from './redaction/redaction-options';
export { DEFAULT_LIMITS } from './limits/limit-options';
export type { LimitOptions, ResolvedLimits } from './limits/limit-options';
export { safeJsonStringify } from './limits/safe-json';
export { openInferenceAttributes } from './openinference/openinference-attributes';
export { recordAgentFailure, hasRecordedFailure } from './flow/record-agent-failure';
export type { AgentFailure } from './flow/record-agent-failure';
export { classifyError, UNKNOWN_FAILURE_CODE } from './flow/classify-error';
export type { ClassifyOptions, FailureClassification } from './flow/classify-error';
export { recordFallback, recordGuardrailHit, recordMaxStepsExceeded, recordRetry, recordTimeout } from './flow/flow-events';
export type { FallbackEvent, GuardrailHit, MaxStepsExceeded, RetryEvent, TimeoutEvent } from './flow/flow-events';
export { recordSchemaValidationFailure } from './flow/record-schema-validation-failure';
export type { SchemaValidationFailure } from './flow/record-schema-validation-failure';
export { DIFF_ENTRY_LIMIT, diffAgainstSchema, diffJson } from './flow/json-diff';
export type { JsonDiff, JsonDiffEntry } from './flow/json-diff';
export { exponentialBackoff, withRetries } from './flow/with-retries';
export type { ExponentialBackoffOptions, RetryInfo, RetryOptions } from './flow/with-retries';
export { withFallback } from './flow/with-fallback';
export type { FallbackOptions } from './flow/with-fallback';
export { RequestRollup } from './outcome/request-rollup';
export type { RequestRollupOptions, RequestRollupStats } from './outcome/request-rollup';
export { recordFeedback } from './feedback/record-feedback';
export type { FeedbackOptions } from './feedback/record-feedback';
export {
  ATTR_FAILURE_WHERE,
  EVENT_RETRY,
  EVENT_TIMEOUT,
  EVENT_FALLBACK,
  EVENT_GUARDRAIL,
  EVENT_SCHEMA_VALIDATION,
  EVENT_MAX_STEPS_EXCEEDED,
  ATTR_RETRY_ATTEMPT,
  ATTR_RETRY_BACKOFF_MS,
  ATTR_RETRY_REASON,
  ATTR_TIMEOUT_MS,
  ATTR_TIMEOUT_OPERATION,
  ATTR_FALLBACK_FROM,
  ATTR_FALLBACK_TO,
  ATTR_FALLBACK_REASON,
  ATTR_GUARDRAIL_POLICY,
  ATTR_GUARDRAIL_ACTION,
  ATTR_GUARDRAIL_DETAIL,
  ATTR_SCHEMA_VALIDATION_EXPECTED,
  ATTR_SCHEMA_VALIDATION_ACTUAL,
  ATTR_SCHEMA_VALIDATION_DIFF,
  ATTR_STEPS_LIMIT,
  ATTR_STEPS_COUNT,
  ATTR_REQUEST_OUTCOME,
  ATTR_REQUEST_DURATION_MS,
  ATTR_REQUEST_INPUT_TOKENS,
  ATTR_REQUEST_OUTPUT_TOKENS,
  ATTR_REQUEST_COST_USD,
  ATTR_REQUEST_STEP_COUNT,
  ATTR_REQUEST_LLM_CALL_COUNT,
  ATTR_REQUEST_TOOL_CALL_COUNT,
  ATTR_REQUEST_ERROR_COUNT,
  ATTR_REQUEST_RETRY_COUNT,
  ATTR_REQUEST_FALLBACK_COUNT,
  ATTR_GEN_AI_EVALUATION_NAME,
  ATTR_GEN_AI_EVALUATION_SCORE_VALUE,
  ATTR_GEN_AI_EVALUATION_SCORE_LABEL,
  ATTR_GEN_AI_EVALUATION_EXPLANATION,
  EVENT_GEN_AI_EVALUATION_RESULT,
  ATTR_FEEDBACK_EVALUATOR,
  ATTR_FEEDBACK_TRACE_ID,
  ATTR_FEEDBACK_SPAN_ID,
  GUARDRAIL_ACTIONS,
  REQUEST_OUTCOMES,
} from './attributes';
export type { GuardrailAction, RequestOutcome } from './attributes';
