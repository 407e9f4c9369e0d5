import { diag, type Attributes, type Span } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from './attributes';
import { warnOnce } from './flow/warn-once';
import { isArray } from './is-array';
import type { GenAiContent } from './helper-options';
import { safeContentAttribute } from './limits/safe-json';
import { tokenCount } from './token-count';

/** What a model answered, for {@link recordLlmResponse}. Every field is optional. */
export interface LlmResponseInfo {
  /** Model that answered (`gen_ai.response.model`), e.g. `gpt-4o-mini-2024-07-18`. */
  model?: string;
  /** Provider's completion id (`gen_ai.response.id`). */
  id?: string;
  /** Why generation stopped, one per choice (`gen_ai.response.finish_reasons`), e.g. `['stop']`. */
  finishReasons?: readonly string[];
  /** Prompt tokens, cached ones included (`gen_ai.usage.input_tokens`). */
  inputTokens?: number;
  /** Completion tokens (`gen_ai.usage.output_tokens`). */
  outputTokens?: number;
  /** Messages returned (`gen_ai.output.messages`): a JSON string, or an array serialized to JSON (safely, as `traceLlmCall` does). */
  outputMessages?: GenAiContent;
}

/** The fields of {@link LlmResponseInfo}; any other key is a mistake worth one warning. */
const RESPONSE_FIELDS: ReadonlySet<string> = new Set(['model', 'id', 'finishReasons', 'inputTokens', 'outputTokens', 'outputMessages']);

/**
 * Sets the response attributes of a model call on `span` (usually the span `traceLlmCall` passes
 * to its function). Fields left out, empty strings and token counts that are not finite,
 * non-negative numbers are not written. A key that is not a field (e.g. `responseModel` for
 * `model`, easy to pass from JavaScript) is ignored with one `diag` warning per key. Never throws.
 */
export function recordLlmResponse(span: Span, response: LlmResponseInfo): void {
  try {
    for (const key of Object.keys(response)) {
      if (!RESPONSE_FIELDS.has(key)) {
        warnOnce(`recordLlmResponse:${key}`, `recordLlmResponse: ignored the unknown field ${JSON.stringify(key)}; the fields are ${[...RESPONSE_FIELDS].join(', ')}`);
      }
    }
    span.setAttributes(responseAttributes(response));
  } catch (error) {
    diag.warn('agent-otel: recordLlmResponse could not read the response info', error);
  }
}

function responseAttributes(response: LlmResponseInfo): Attributes {
  const attributes: Attributes = {};
  if (response.model) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = response.model;
  if (response.id) attributes[ATTR_GEN_AI_RESPONSE_ID] = response.id;
  if (isArray(response.finishReasons)) attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = [...response.finishReasons];
  const inputTokens = tokenCount(response.inputTokens);
  if (inputTokens !== undefined) attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] = inputTokens;
  const outputTokens = tokenCount(response.outputTokens);
  if (outputTokens !== undefined) attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] = outputTokens;
  const outputMessages = safeContentAttribute(response.outputMessages);
  if (outputMessages !== undefined) attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] = outputMessages;
  return attributes;
}
