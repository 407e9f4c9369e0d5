import type OpenAI from 'openai';

/** The conversation every instrumentation test sends: a system prompt, a user turn, a tool round trip. */
export const CHAT_MESSAGES = [
  { role: 'system', content: 'You are a travel assistant.' },
  { role: 'user', content: 'Weather in Lisbon?' },
  {
    role: 'assistant',
    content: null,
    tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather_lookup', arguments: '{"city":"Lisbon"}' } }],
  },
  { role: 'tool', tool_call_id: 'call_1', content: '{"tool":"weather_lookup","city":"Lisbon","condition":"sunny"}' },
] as const;

/** The canonical `gen_ai.input.messages` of {@link CHAT_MESSAGES}. */
export const CANONICAL_INPUT = [
  { role: 'system', parts: [{ type: 'text', content: 'You are a travel assistant.' }] },
  { role: 'user', parts: [{ type: 'text', content: 'Weather in Lisbon?' }] },
  { role: 'assistant', parts: [{ type: 'tool_call', name: 'weather_lookup', id: 'call_1', arguments: { city: 'Lisbon' } }] },
  { role: 'tool', parts: [{ type: 'tool_call_response', response: { tool: 'weather_lookup', city: 'Lisbon', condition: 'sunny' }, id: 'call_1' }] },
];

/** Sends {@link CHAT_MESSAGES} without streaming; resolves to the reply text. */
export async function chat(client: OpenAI): Promise<string> {
  const completion = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    temperature: 0.2,
    max_tokens: 200,
    messages: CHAT_MESSAGES as unknown as OpenAI.Chat.ChatCompletionMessageParam[],
  });
  return completion.choices[0].message.content ?? '';
}

/** Sends {@link CHAT_MESSAGES} streaming with `include_usage`; resolves to the reply text once the stream is read. */
export async function chatStream(client: OpenAI): Promise<string> {
  const stream = await client.chat.completions.create({
    model: 'gpt-4o-mini',
    temperature: 0.2,
    max_tokens: 200,
    stream: true,
    stream_options: { include_usage: true },
    messages: CHAT_MESSAGES as unknown as OpenAI.Chat.ChatCompletionMessageParam[],
  });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  return text;
}

/** Resolves once `condition` holds, checking on each turn of the event loop (at most `turns` times). */
export async function until(condition: () => boolean, turns = 200): Promise<void> {
  for (let i = 0; i < turns && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error('condition not met');
}
