import OpenAI, { APIConnectionTimeoutError, APIUserAbortError } from 'openai';
import { classifyError } from '../../src/flow/classify-error';
import { startScriptedLlmServer, unusedBaseUrl, type ScriptedReply } from '../helpers/scripted-llm-server';

/** The error the real `openai` client raises when the server answers with `reply`. */
async function openAiError(reply: ScriptedReply): Promise<unknown> {
  const server = await startScriptedLlmServer([reply]);
  try {
    const client = new OpenAI({ apiKey: 'test', baseURL: server.baseUrl, maxRetries: 0 });
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
  } catch (error) {
    return error;
  } finally {
    await server.close();
  }
  throw new Error('the request did not fail');
}

function errorWith(fields: Record<string, unknown>, message = 'failed'): Error {
  return Object.assign(new Error(message), fields);
}

describe('classifyError with the real openai client against a local server', () => {
  it('classifies 429 as a retryable rate limit', async () => {
    const error = await openAiError({ error: { status: 429, code: 'rate_limit_exceeded', type: 'requests', message: 'Rate limit reached' } });
    expect(classifyError(error)).toEqual({ category: 'model', code: 'rate_limited', retryable: true });
  });

  it('classifies 429 insufficient_quota as a quota failure, not retryable', async () => {
    const error = await openAiError({ error: { status: 429, code: 'insufficient_quota', type: 'insufficient_quota', message: 'You exceeded your current quota' } });
    expect(classifyError(error)).toEqual({ category: 'model', code: 'quota_exceeded', retryable: false });
  });

  it('classifies a 400 context length error by its code and by its message alone', async () => {
    const byCode = await openAiError({ error: { status: 400, code: 'context_length_exceeded', message: 'too long' } });
    expect(classifyError(byCode, { origin: 'tool' })).toEqual({ category: 'model', code: 'context_length_exceeded', retryable: false });
    const byMessage = await openAiError({ error: { status: 400, message: "This model's maximum context length is 128000 tokens." } });
    expect(classifyError(byMessage).code).toBe('context_length_exceeded');
  });

  it('classifies 5xx as a retryable provider error and 401 as an authentication failure', async () => {
    expect(classifyError(await openAiError({ error: { status: 503, type: 'server_error', message: 'overloaded' } }))).toEqual({
      category: 'model',
      code: 'provider_error',
      retryable: true,
    });
    expect(classifyError(await openAiError({ error: { status: 401, message: 'Incorrect API key' } })).code).toBe('authentication_failed');
    expect(classifyError(await openAiError({ error: { status: 400, message: 'Invalid value for temperature' } })).code).toBe('invalid_request');
  });

  it("classifies the client's timeout error and a refused connection", async () => {
    // Under jest, fetch's DOMException comes from another realm and the client wraps it as a
    // plain connection error, so the timeout class is built directly here; the fetch test below
    // covers a real timed-out request.
    expect(classifyError(new APIConnectionTimeoutError())).toEqual({ category: 'model', code: 'timeout', retryable: true });
    expect(classifyError(new APIUserAbortError())).toEqual({ category: 'model', code: 'aborted', retryable: false });
    const client = new OpenAI({ apiKey: 'test', baseURL: await unusedBaseUrl(), maxRetries: 0 });
    const refused = await client.models.list().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(classifyError(refused)).toEqual({ category: 'model', code: 'connection_failed', retryable: true });
  });
});

describe('classifyError on runtime errors', () => {
  it("follows the cause chain of a failed fetch to the network code, in the caller's origin", async () => {
    const error = await fetch(`${await unusedBaseUrl()}/models`).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(classifyError(error, { origin: 'tool' })).toEqual({ category: 'tool', code: 'connection_failed', retryable: true });
  });

  it('classifies a fetch that timed out against a server that never answers', async () => {
    const server = await startScriptedLlmServer([{ hang: true }]);
    const error = await fetch(`${server.baseUrl}/chat/completions`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(50) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    await server.close();
    expect(classifyError(error, { origin: 'tool' })).toEqual({ category: 'tool', code: 'timeout', retryable: true });
  });

  it('treats AbortError, TimeoutError and ETIMEDOUT as timeouts of the origin', () => {
    const controller = new AbortController();
    controller.abort();
    expect(classifyError(controller.signal.reason, { origin: 'tool' })).toEqual({ category: 'tool', code: 'timeout', retryable: true });
    expect(classifyError(new DOMException('timed out', 'TimeoutError')).code).toBe('timeout');
    expect(classifyError(errorWith({ code: 'ETIMEDOUT' })).code).toBe('timeout');
    expect(classifyError(errorWith({ statusCode: 504 })).code).toBe('timeout');
  });

  it.each([
    [{ code: 'ECONNRESET' }, 'connection_failed'],
    [{ errors: [{ code: 'ECONNREFUSED' }] }, 'connection_failed'],
    [{ response: { status: 502 } }, 'provider_error'],
    [{ status: 403 }, 'permission_denied'],
    [{ status: 404 }, 'not_found'],
    [{ status: 402 }, 'quota_exceeded'],
    [{ status: 422 }, 'invalid_request'],
    [{ error: { code: 'content_policy_violation' }, status: 400 }, 'content_filtered'],
    [{ name: 'ZodError' }, 'schema_validation_failed'],
  ])('maps %j to %s', (fields, code) => {
    expect(classifyError(errorWith(fields)).code).toBe(code);
  });

  it('puts provider content filters under guardrail whatever the origin', () => {
    expect(classifyError(errorWith({ code: 'content_filter' }), { origin: 'tool' }).category).toBe('guardrail');
  });

  it('recognizes a JSON parse error', () => {
    let error: unknown;
    try {
      JSON.parse('{not json');
    } catch (e) {
      error = e;
    }
    expect(classifyError(error, { origin: 'orchestration' })).toEqual({ category: 'orchestration', code: 'invalid_json', retryable: false });
  });

  it('gives unknown_error for anything else, and never throws', () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
      },
    );
    for (const value of [new TypeError('x is undefined'), 'a string', 42, null, undefined, hostile]) {
      expect(classifyError(value)).toEqual({ category: 'model', code: 'unknown_error', retryable: false });
    }
  });
});
