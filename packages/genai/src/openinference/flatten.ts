import type { Attributes } from '@opentelemetry/api';
import { asRecord, type ChatMessage } from '../normalize/messages';
import { safeJsonStringify } from '../limits/safe-json';
import * as OI from './names';

/**
 * Canonical messages as OpenInference flattened attributes:
 * `{prefix}.{i}.message.role`, `.message.content` (the text parts joined), `.message.tool_call_id`
 * (for a tool response), `.message.tool_calls.{j}.tool_call.id|function.name|function.arguments`.
 */
export function flattenMessages(prefix: string, messages: readonly ChatMessage[]): Attributes {
  const out: Attributes = {};
  messages.forEach((message, i) => {
    const base = `${prefix}.${i}.`;
    out[base + OI.OI_MESSAGE_ROLE] = message.role;
    let content = '';
    let toolCall = 0;
    for (const part of message.parts) {
      if (part.type === 'text' && typeof part.content === 'string') {
        content += part.content;
      } else if (part.type === 'tool_call_response') {
        content += asText(part.response);
        if (typeof part.id === 'string') out[base + OI.OI_MESSAGE_TOOL_CALL_ID] = part.id;
      } else if (part.type === 'tool_call') {
        const callBase = `${base}${OI.OI_MESSAGE_TOOL_CALLS}.${toolCall++}.`;
        if (typeof part.id === 'string') out[callBase + OI.OI_TOOL_CALL_ID] = part.id;
        if (typeof part.name === 'string') out[callBase + OI.OI_TOOL_CALL_FUNCTION_NAME] = part.name;
        if (part.arguments !== undefined && part.arguments !== null) out[callBase + OI.OI_TOOL_CALL_FUNCTION_ARGUMENTS] = asText(part.arguments);
      }
    }
    if (content !== '') out[base + OI.OI_MESSAGE_CONTENT] = content;
  });
  return out;
}

/** Retrieval documents (`[{ id, score, content }]`) as `{prefix}.{i}.document.id|score|content`. */
export function flattenDocuments(prefix: string, documents: readonly unknown[]): Attributes {
  const out: Attributes = {};
  documents.forEach((item, i) => {
    const document = asRecord(item);
    if (document === undefined) return;
    const base = `${prefix}.${i}.`;
    if (document.id !== undefined && document.id !== null) out[base + OI.OI_DOCUMENT_ID] = String(document.id);
    if (typeof document.score === 'number') out[base + OI.OI_DOCUMENT_SCORE] = document.score;
    if (typeof document.content === 'string') out[base + OI.OI_DOCUMENT_CONTENT] = document.content;
  });
  return out;
}

/** A part's value as text: a string as it is, anything else as JSON (no budget: the span limits cut later); '' for undefined. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  return value === undefined ? '' : safeJsonStringify(value, Number.POSITIVE_INFINITY);
}
