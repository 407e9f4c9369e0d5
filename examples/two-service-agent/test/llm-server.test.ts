import OpenAI from 'openai';
import { startLlmServer, type LlmServer } from '../src/llm-server';
import { countTokens } from '../src/llm/tokenize';

describe('LLM stand-in server, through the real openai client', () => {
  let server: LlmServer;
  let client: OpenAI;

  beforeAll(async () => {
    server = await startLlmServer();
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test-key', maxRetries: 0 });
  });

  afterAll(() => server.close());

  const weatherFact = '{"tool":"weather_lookup","city":"Lisbon","condition":"sunny","temperature_c":21}';
  const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
    { role: 'system', content: `Answer from these tool results:\n${weatherFact}` },
    { role: 'user', content: 'Weather in Lisbon?' },
  ];

  it('answers deterministically, mentioning the facts, with usage by the documented tokenizer', async () => {
    const first = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, temperature: 0.2 });
    const second = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, temperature: 0.2 });

    const content = first.choices[0].message.content;
    expect(content).toBe('Here is what I found for "Weather in Lisbon?". ' + 'weather_lookup: city Lisbon, condition sunny, temperature_c 21.');
    expect(second.choices[0].message.content).toBe(content);
    expect(first.choices[0].finish_reason).toBe('stop');
    expect(first.model).toBe('gpt-4o-mini-2024-07-18');
    expect(first.object).toBe('chat.completion');
    expect(first.id).toMatch(/^chatcmpl-[0-9a-f]{32}$/);
    expect(second.id).not.toBe(first.id);
    expect(Number.isInteger(first.created)).toBe(true);

    // Counted by hand with the documented rule (words, and each other non-space character):
    // "Answer from these tool results :" = 6; the JSON line = 31 ({, }, 3 per quoted key or string
    // value, 4 colons, 3 commas, 21); "Weather in Lisbon ?" = 4.
    // Reply: "Here is what I found for " Weather in Lisbon ? " ." = 13;
    // "weather_lookup : city Lisbon , condition sunny , temperature_c 21 ." = 11.
    expect(first.usage).toEqual({ prompt_tokens: 41, completion_tokens: 24, total_tokens: 65 });
    expect(first.usage?.completion_tokens).toBe(countTokens(content ?? ''));
  });

  it('says it has no facts when the context holds none', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Fly to Mars?' }],
    });
    expect(completion.choices[0].message.content).toBe('I could not look anything up for "Fly to Mars?", so I cannot give specifics.');
  });

  it('keeps a model name that already ends in a snapshot date', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-2024-08-06', messages });
    expect(completion.model).toBe('gpt-4o-2024-08-06');
  });

  it('cuts the reply at max_tokens and reports finish_reason length', async () => {
    const completion = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, max_tokens: 5 });
    expect(completion.choices[0].message.content).toBe('Here is what I found');
    expect(completion.choices[0].finish_reason).toBe('length');
    expect(completion.usage?.completion_tokens).toBe(5);
  });

  it('streams word chunks that add up to the same reply, then a final usage chunk', async () => {
    const expected = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe(expected.choices[0].message.content);
    const contentChunks = chunks.filter((chunk) => (chunk.choices[0]?.delta.content ?? '') !== '');
    expect(contentChunks.length).toBe(text.trim().split(/\s+/).length);
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks.every((chunk) => chunk.model === 'gpt-4o-mini-2024-07-18')).toBe(true);
    expect(chunks.every((chunk) => chunk.id === chunks[0].id)).toBe(true);

    const finish = chunks[chunks.length - 2];
    expect(finish.choices[0].finish_reason).toBe('stop');
    expect(finish.usage).toBeNull();
    const last = chunks[chunks.length - 1];
    expect(last.choices).toEqual([]);
    expect(last.usage).toEqual(expected.usage);
  });

  it('streams without a usage chunk unless include_usage is asked for', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[chunks.length - 1].choices[0].finish_reason).toBe('stop');
    expect(chunks.some((chunk) => chunk.usage)).toBe(false);
  });

  it('rejects a request without messages as an APIError 400 naming the parameter', async () => {
    const request = { model: 'gpt-4o-mini' } as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;
    const error: unknown = await client.chat.completions.create(request).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const apiError = error as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.status).toBe(400);
    expect(apiError.param).toBe('messages');
    expect(apiError.type).toBe('invalid_request_error');
    expect(apiError.message).toContain("Missing required parameter: 'messages'.");
  });

  it.each([
    [{ messages }, 'model'],
    [{ model: 'gpt-4o-mini', messages: [] }, 'messages'],
    [{ model: 'gpt-4o-mini', messages: [{ role: 'wizard', content: 'hi' }] }, 'messages[0].role'],
    [{ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 42 }] }, 'messages[0].content'],
    [{ model: 'gpt-4o-mini', messages, max_tokens: 0 }, 'max_tokens'],
  ])('rejects %j with a 400 on %s', async (body, param) => {
    const request = body as unknown as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;
    const error = (await client.chat.completions.create(request).catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.param).toBe(param);
  });

  it('answers a body that is not JSON with an OpenAI-style 400', async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"model": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { message: 'The request body is not valid JSON.', type: 'invalid_request_error', param: null, code: null },
    });
  });

  it('refuses a body over 1 MiB with a 413 without buffering it whole', async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x'.repeat(1024 * 1024) }] }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });

  it('streams a cut reply with finish_reason length and the cut usage', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      max_tokens: 5,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Here is what I found');
    expect(chunks[chunks.length - 2].choices[0].finish_reason).toBe('length');
    expect(chunks[chunks.length - 1].usage?.completion_tokens).toBe(5);
  });

  it('answers an unknown route with an OpenAI-style 404', async () => {
    const error = (await client.embeddings.create({ model: 'text-embedding-3-small', input: 'x' }).catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.code).toBe('unknown_url');
  });

  it('lists models', async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toEqual(['gpt-4o-mini', 'gpt-4o']);
  });

  it('closes idempotently', async () => {
    const other = await startLlmServer();
    await Promise.all([other.close(), other.close()]);
    await expect(fetch(`${other.url}/v1/models`)).rejects.toThrow();
  });
});
