import type { ChatMessageText } from './chat-request';

/**
 * How the stand-in answers, deterministically:
 *   - The question is the text of the last `user` message (whitespace collapsed).
 *   - Facts are the JSON objects found in `system`, `developer` and `tool` messages: a message whose
 *     whole text is a JSON object is one fact; otherwise each line that is a JSON object is one.
 *   - With facts, the reply quotes the question and then describes each fact in order
 *     (`weather_lookup: city Lisbon, condition sunny, temperature_c 21.`); an object's `tool` field,
 *     when present, leads its sentence. Without facts, it says it could not look anything up.
 * The same messages always give the same reply.
 */
export function composeReply(messages: readonly ChatMessageText[]): string {
  const question = lastUserText(messages);
  if (question === '') return 'How can I help?';
  const facts = messages.filter((message) => CONTEXT_ROLES.has(message.role)).flatMap((message) => findFacts(message.text));
  if (facts.length === 0) {
    return `I could not look anything up for "${question}", so I cannot give specifics.`;
  }
  return [`Here is what I found for "${question}".`, ...facts.map(describeFact)].join(' ');
}

const CONTEXT_ROLES = new Set(['system', 'developer', 'tool']);

function lastUserText(messages: readonly ChatMessageText[]): string {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index]!;
    if (message.role === 'user') return message.text.replace(/\s+/g, ' ').trim();
  }
  return '';
}

function findFacts(text: string): Record<string, unknown>[] {
  const whole = parseObject(text);
  if (whole !== undefined) return [whole];
  return text.split('\n').flatMap((line) => {
    const fact = parseObject(line);
    return fact === undefined ? [] : [fact];
  });
}

function parseObject(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function describeFact(fact: Record<string, unknown>): string {
  const { tool, ...fields } = fact;
  const body = describeFields(typeof tool === 'string' ? fields : fact);
  return typeof tool === 'string' ? `${tool}: ${body}.` : `${body}.`;
}

function describeFields(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .map(([key, value]) => `${key} ${describeValue(value)}`)
    .join(', ');
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(describeValue).join('; ');
  if (isObject(value)) return `(${describeFields(value)})`;
  return String(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
