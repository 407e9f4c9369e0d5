import type { AttributeValue, Attributes } from '@opentelemetry/api';
import { groupIndexed, stringAt, type IndexedEntry } from './indexed-attributes';
import { asRecord, canonicalFinishReason, parseJson, textPart, toolCallPart, toolResponsePart, type ChatMessage, type MessagePart } from './messages';

/**
 * Builders for the flattened content of OpenLLMetry (`@traceloop/instrumentation-*` before they
 * moved to `gen_ai.input.messages`): `gen_ai.prompt.{i}.role|content|tool_call_id|tool_calls.{j}.*`
 * and `gen_ai.completion.{i}.role|content|finish_reason|function_call.*|tool_calls.{j}.*`.
 */

/** `gen_ai.prompt.{i}.*` as `gen_ai.input.messages` JSON; undefined when there are none. */
export function openLlmetryInputMessages(attributes: Attributes): AttributeValue | undefined {
  const messages = groupIndexed(attributes, 'gen_ai.prompt.').map((entry) => toMessage(entry, 'user'));
  return messages.length > 0 ? JSON.stringify(messages) : undefined;
}

/** `gen_ai.completion.{i}.*` as `gen_ai.output.messages` JSON; undefined when there are none. */
export function openLlmetryOutputMessages(attributes: Attributes): AttributeValue | undefined {
  const messages = groupIndexed(attributes, 'gen_ai.completion.').map((entry) => {
    const message = toMessage(entry, 'assistant');
    const finishReason = stringAt(entry, 'finish_reason');
    if (finishReason !== undefined && finishReason !== '') message.finish_reason = canonicalFinishReason(finishReason);
    return message;
  });
  return messages.length > 0 ? JSON.stringify(messages) : undefined;
}

/** `gen_ai.completion.{i}.finish_reason` as `gen_ai.response.finish_reasons`. */
export function openLlmetryFinishReasons(attributes: Attributes): AttributeValue | undefined {
  const reasons: string[] = [];
  for (const entry of groupIndexed(attributes, 'gen_ai.completion.')) {
    const reason = stringAt(entry, 'finish_reason');
    if (reason !== undefined && reason !== '') reasons.push(canonicalFinishReason(reason));
  }
  return reasons.length > 0 ? reasons : undefined;
}

function toMessage(entry: IndexedEntry, defaultRole: string): ChatMessage {
  const role = stringAt(entry, 'role') ?? defaultRole;
  const parts: MessagePart[] = [];
  const content = stringAt(entry, 'content');
  if (content !== undefined && content !== '') {
    if (role === 'tool') parts.push(toolResponsePart(stringAt(entry, 'tool_call_id'), content));
    else parts.push(...contentParts(content));
  }
  const functionName = stringAt(entry, 'function_call.name');
  if (functionName !== undefined) parts.push(toolCallPart(undefined, functionName, stringAt(entry, 'function_call.arguments')));
  for (const call of groupIndexed(entry, 'tool_calls.')) {
    parts.push(toolCallPart(stringAt(call, 'id'), stringAt(call, 'name'), stringAt(call, 'arguments')));
  }
  return { role, parts };
}

/** Content written as a JSON array of OpenAI content parts (`[{ type: 'text', text }]`) becomes text parts. */
function contentParts(content: string): MessagePart[] {
  if (!content.startsWith('[')) return [textPart(content)];
  const parsed = parseJson(content);
  if (!Array.isArray(parsed)) return [textPart(content)];
  return parsed.map((item) => {
    const record = asRecord(item);
    if (record?.type === 'text' && typeof record.text === 'string') return textPart(record.text);
    return { type: typeof record?.type === 'string' ? record.type : 'unknown' };
  });
}
