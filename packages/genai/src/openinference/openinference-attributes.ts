import type { AttributeValue, Attributes } from '@opentelemetry/api';
import * as A from '../attributes';
import { isArray } from '../is-array';
import { asRecord, parseJson, plainText, type ChatMessage, type MessagePart } from '../normalize/messages';
import { flattenDocuments, flattenMessages } from './flatten';
import * as OI from './names';

/** `gen_ai.operation.name` → OpenInference span kind. */
const KIND_BY_OPERATION: Readonly<Record<string, OI.OpenInferenceSpanKind>> = {
  chat: 'LLM',
  text_completion: 'LLM',
  generate_content: 'LLM',
  embeddings: 'EMBEDDING',
  execute_tool: 'TOOL',
  invoke_agent: 'AGENT',
  create_agent: 'AGENT',
  retrieval: 'RETRIEVER',
  invoke_workflow: 'CHAIN',
};

/** `gen_ai.provider.name` → OpenInference `llm.provider` where they differ. */
const OI_PROVIDERS: Readonly<Record<string, string>> = {
  'aws.bedrock': 'aws',
  'azure.ai.openai': 'azure',
  'azure.ai.inference': 'azure',
  'gcp.gen_ai': 'google',
  'gcp.gemini': 'google',
  'gcp.vertex_ai': 'google',
  mistral_ai: 'mistralai',
  x_ai: 'xai',
};

/** `gen_ai.request.*` → key in `llm.invocation_parameters`. */
const INVOCATION_PARAMETERS: ReadonlyArray<readonly [string, string]> = [
  [A.ATTR_GEN_AI_REQUEST_MODEL, 'model'],
  [A.ATTR_GEN_AI_REQUEST_TEMPERATURE, 'temperature'],
  [A.ATTR_GEN_AI_REQUEST_TOP_P, 'top_p'],
  [A.ATTR_GEN_AI_REQUEST_TOP_K, 'top_k'],
  [A.ATTR_GEN_AI_REQUEST_MAX_TOKENS, 'max_tokens'],
  [A.ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY, 'frequency_penalty'],
  [A.ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY, 'presence_penalty'],
  [A.ATTR_GEN_AI_REQUEST_SEED, 'seed'],
  [A.ATTR_GEN_AI_REQUEST_STOP_SEQUENCES, 'stop'],
  [A.ATTR_GEN_AI_REQUEST_STREAM, 'stream'],
];

/**
 * The OpenInference attributes that render the span's canonical GenAI attributes in Arize Phoenix:
 * span kind, model, provider, invocation parameters, token counts, flattened input/output messages,
 * `input.value` / `output.value`, tool and retrieval attributes. Empty for spans that are not
 * GenAI operations (no `gen_ai.operation.name`, request model or step type). Pure; never throws on
 * malformed content (it is skipped).
 */
export function openInferenceAttributes(attributes: Attributes): Attributes {
  const kind = spanKind(attributes);
  if (kind === undefined) return {};
  const out: Attributes = { [OI.OI_SPAN_KIND]: kind };
  switch (kind) {
    case 'LLM':
    case 'EMBEDDING':
      addModel(attributes, out);
      addMessages(attributes, out);
      break;
    case 'TOOL':
      copy(attributes, A.ATTR_GEN_AI_TOOL_NAME, out, OI.OI_TOOL_NAME);
      copy(attributes, A.ATTR_GEN_AI_TOOL_DESCRIPTION, out, OI.OI_TOOL_DESCRIPTION);
      copy(attributes, A.ATTR_GEN_AI_TOOL_CALL_ID, out, OI.OI_TOOL_CALL_ID);
      addValue(attributes[A.ATTR_GEN_AI_TOOL_CALL_ARGUMENTS], out, OI.OI_INPUT_VALUE, OI.OI_INPUT_MIME_TYPE);
      addValue(attributes[A.ATTR_GEN_AI_TOOL_CALL_RESULT], out, OI.OI_OUTPUT_VALUE, OI.OI_OUTPUT_MIME_TYPE);
      break;
    case 'RETRIEVER':
      addValue(attributes[A.ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT], out, OI.OI_INPUT_VALUE, OI.OI_INPUT_MIME_TYPE);
      addDocuments(attributes, out);
      break;
    case 'AGENT':
      copy(attributes, A.ATTR_GEN_AI_AGENT_NAME, out, OI.OI_AGENT_NAME);
      addMessages(attributes, out);
      addTokenCounts(attributes, out);
      break;
    case 'CHAIN':
      addMessages(attributes, out);
      addTokenCounts(attributes, out);
      break;
  }
  return out;
}

function spanKind(attributes: Attributes): OI.OpenInferenceSpanKind | undefined {
  const operation = attributes[A.ATTR_GEN_AI_OPERATION_NAME];
  if (typeof operation === 'string' && Object.prototype.hasOwnProperty.call(KIND_BY_OPERATION, operation)) return KIND_BY_OPERATION[operation];
  if (attributes[A.ATTR_STEP_TYPE] !== undefined) return 'CHAIN';
  if (typeof attributes[A.ATTR_GEN_AI_REQUEST_MODEL] === 'string') return 'LLM';
  return undefined;
}

function addModel(attributes: Attributes, out: Attributes): void {
  const model = attributes[A.ATTR_GEN_AI_RESPONSE_MODEL] ?? attributes[A.ATTR_GEN_AI_REQUEST_MODEL];
  if (typeof model === 'string') out[OI.OI_LLM_MODEL_NAME] = model;
  const provider = attributes[A.ATTR_GEN_AI_PROVIDER_NAME];
  if (typeof provider === 'string') out[OI.OI_LLM_PROVIDER] = OI_PROVIDERS[provider] ?? provider;
  const parameters: Record<string, AttributeValue> = {};
  for (const [key, name] of INVOCATION_PARAMETERS) {
    const value = attributes[key];
    if (value !== undefined) parameters[name] = value;
  }
  if (Object.keys(parameters).length > 0) out[OI.OI_LLM_INVOCATION_PARAMETERS] = JSON.stringify(parameters);
  copy(attributes, A.ATTR_PROMPT_VERSION, out, OI.OI_PROMPT_TEMPLATE_VERSION);
  addTokenCounts(attributes, out);
}

function addTokenCounts(attributes: Attributes, out: Attributes): void {
  copy(attributes, A.ATTR_GEN_AI_USAGE_INPUT_TOKENS, out, OI.OI_LLM_TOKEN_COUNT_PROMPT);
  copy(attributes, A.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, out, OI.OI_LLM_TOKEN_COUNT_COMPLETION);
  copy(attributes, A.ATTR_USAGE_TOTAL_TOKENS, out, OI.OI_LLM_TOKEN_COUNT_TOTAL);
  copy(attributes, A.ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, out, OI.OI_LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_READ);
  copy(attributes, A.ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, out, OI.OI_LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_WRITE);
  copy(attributes, A.ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, out, OI.OI_LLM_TOKEN_COUNT_COMPLETION_DETAILS_REASONING);
}

function addMessages(attributes: Attributes, out: Attributes): void {
  const input = messagesOf(attributes[A.ATTR_GEN_AI_INPUT_MESSAGES]);
  const system = systemMessage(attributes[A.ATTR_GEN_AI_SYSTEM_INSTRUCTIONS]);
  const inputs = system !== undefined && !input?.some((m) => m.role === 'system') ? [system, ...(input ?? [])] : input;
  if (inputs !== undefined) Object.assign(out, flattenMessages(OI.OI_LLM_INPUT_MESSAGES, inputs));
  const output = messagesOf(attributes[A.ATTR_GEN_AI_OUTPUT_MESSAGES]);
  if (output !== undefined) Object.assign(out, flattenMessages(OI.OI_LLM_OUTPUT_MESSAGES, output));
  addValue(attributes[A.ATTR_GEN_AI_INPUT_MESSAGES], out, OI.OI_INPUT_VALUE, OI.OI_INPUT_MIME_TYPE);
  const only = output?.length === 1 ? output[0] : undefined;
  const text = only === undefined ? undefined : plainText(only);
  if (text !== undefined) {
    out[OI.OI_OUTPUT_VALUE] = text;
    out[OI.OI_OUTPUT_MIME_TYPE] = OI.OI_MIME_TEXT;
  } else {
    addValue(attributes[A.ATTR_GEN_AI_OUTPUT_MESSAGES], out, OI.OI_OUTPUT_VALUE, OI.OI_OUTPUT_MIME_TYPE);
  }
}

function addDocuments(attributes: Attributes, out: Attributes): void {
  const raw = attributes[A.ATTR_GEN_AI_RETRIEVAL_DOCUMENTS];
  const documents = typeof raw === 'string' ? parseJson(raw) : undefined;
  if (Array.isArray(documents)) Object.assign(out, flattenDocuments(OI.OI_RETRIEVAL_DOCUMENTS, documents));
}

/** The messages of a `gen_ai.*.messages` JSON value; undefined when it is not a JSON array of messages. */
function messagesOf(value: AttributeValue | undefined): ChatMessage[] | undefined {
  if (typeof value !== 'string') return undefined;
  const parsed = parseJson(value);
  if (!Array.isArray(parsed)) return undefined;
  return parsed.map((item) => {
    const record = asRecord(item) ?? {};
    return {
      role: typeof record.role === 'string' ? record.role : 'user',
      parts: Array.isArray(record.parts) ? record.parts.filter((p) => asRecord(p) !== undefined) : [],
    };
  });
}

/** `gen_ai.system_instructions` (a JSON array of parts, or plain text) as one system message. */
function systemMessage(value: AttributeValue | undefined): ChatMessage | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const parsed = parseJson(value);
  if (isArray(parsed)) return { role: 'system', parts: parsed.filter((p): p is MessagePart => asRecord(p) !== undefined) };
  return { role: 'system', parts: [{ type: 'text', content: value }] };
}

function addValue(value: AttributeValue | undefined, out: Attributes, valueKey: string, mimeKey: string): void {
  if (typeof value !== 'string') return;
  out[valueKey] = value;
  out[mimeKey] = value.startsWith('{') || value.startsWith('[') ? OI.OI_MIME_JSON : OI.OI_MIME_TEXT;
}

function copy(attributes: Attributes, from: string, out: Attributes, to: string): void {
  const value = attributes[from];
  if (value !== undefined) out[to] = value;
}
