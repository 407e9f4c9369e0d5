import type { AttributeValue, Attributes } from '@opentelemetry/api';
import { groupIndexed, stringAt, type IndexedEntry } from './indexed-attributes';
import { canonicalFinishReason, parseJson, textPart, toolCallPart, toolResponsePart, type ChatMessage, type MessagePart } from './messages';

/**
 * Builders for OpenInference's flattened lists (`llm.input_messages.{i}.message.*`,
 * `llm.output_messages.{i}.message.*`, `retrieval.documents.{i}.document.*`), as written by the
 * `@arizeai/openinference-*` instrumentations (semantic conventions 2.x).
 */

/** `llm.input_messages.*` as `gen_ai.input.messages` JSON; undefined when there are none. */
export function openInferenceInputMessages(attributes: Attributes): AttributeValue | undefined {
  const messages = groupIndexed(attributes, 'llm.input_messages.').map((entry) => toMessage(entry, 'user'));
  return messages.length > 0 ? JSON.stringify(messages) : undefined;
}

/** `llm.output_messages.*` (and `llm.finish_reason`) as `gen_ai.output.messages` JSON. */
export function openInferenceOutputMessages(attributes: Attributes): AttributeValue | undefined {
  const finishReason = attributes['llm.finish_reason'];
  const messages = groupIndexed(attributes, 'llm.output_messages.').map((entry) => {
    const message = toMessage(entry, 'assistant');
    if (typeof finishReason === 'string' && finishReason !== '') message.finish_reason = canonicalFinishReason(finishReason);
    return message;
  });
  return messages.length > 0 ? JSON.stringify(messages) : undefined;
}

/** `retrieval.documents.*` as `gen_ai.retrieval.documents` JSON (`[{ id, score, content, metadata }]`). */
export function openInferenceRetrievalDocuments(attributes: Attributes): AttributeValue | undefined {
  const documents = groupIndexed(attributes, 'retrieval.documents.').map((entry) => {
    const document: Record<string, unknown> = {};
    const id = entry.get('document.id');
    if (id !== undefined) document.id = String(id);
    const score = entry.get('document.score');
    if (typeof score === 'number') document.score = score;
    const content = stringAt(entry, 'document.content');
    if (content !== undefined) document.content = content;
    const metadata = stringAt(entry, 'document.metadata');
    if (metadata !== undefined) document.metadata = parseJson(metadata) ?? metadata;
    return document;
  });
  return documents.length > 0 ? JSON.stringify(documents) : undefined;
}

function toMessage(entry: IndexedEntry, defaultRole: string): ChatMessage {
  const role = stringAt(entry, 'message.role') ?? defaultRole;
  const parts: MessagePart[] = [];
  const content = stringAt(entry, 'message.content');
  const toolCallId = stringAt(entry, 'message.tool_call_id');
  if (content !== undefined) {
    parts.push(role === 'tool' ? toolResponsePart(toolCallId, content) : textPart(content));
  }
  for (const item of groupIndexed(entry, 'message.contents.')) {
    const type = stringAt(item, 'message_content.type');
    const text = stringAt(item, 'message_content.text');
    if (text !== undefined && (type === undefined || type === 'text')) parts.push(textPart(text));
    else if (type === 'image') parts.push({ type: 'file_data', modality: 'image', uri: stringAt(item, 'message_content.image.image.url') ?? null });
    else if (type !== undefined) parts.push({ type });
  }
  for (const call of groupIndexed(entry, 'message.tool_calls.')) {
    parts.push(toolCallPart(stringAt(call, 'tool_call.id'), stringAt(call, 'tool_call.function.name'), stringAt(call, 'tool_call.function.arguments')));
  }
  const functionName = stringAt(entry, 'message.function_call_name');
  if (functionName !== undefined) {
    parts.push(toolCallPart(undefined, functionName, stringAt(entry, 'message.function_call_arguments_json')));
  }
  const message: ChatMessage = { role, parts };
  const name = stringAt(entry, 'message.name');
  if (name !== undefined) message.name = name;
  return message;
}
