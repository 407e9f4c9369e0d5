import { ExportResultCode } from '@opentelemetry/core';
import type { HttpAttemptResult } from '../../src/export/http-sender';
import { OtlpExportError } from '../../src/export/otlp-export-error';
import { resolveRetryOptions, type RetryOptions } from '../../src/export/retry-options';
import { RetryingSender } from '../../src/export/retrying-sender';

const URL = 'http://collector.test:4318/v1/traces';
const ok: HttpAttemptResult = { kind: 'response', status: 200, statusMessage: 'OK', retryAfter: undefined, body: '' };
const status = (code: number, retryAfter?: string, body = ''): HttpAttemptResult => ({ kind: 'response', status: code, statusMessage: '', retryAfter, body });
const refused: HttpAttemptResult = { kind: 'error', error: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) };

/** A sender whose attempts answer from `answers` in turn, recording when (fake clock) each was made. */
function scripted(answers: HttpAttemptResult[], retry: RetryOptions = {}, random = (): number => 0.5) {
  const attemptTimes: number[] = [];
  const timeouts: number[] = [];
  const headers: (Readonly<Record<string, string>> | undefined)[] = [];
  const sender = new RetryingSender(
    async (_body, timeoutMs, requestHeaders) => {
      attemptTimes.push(Date.now());
      timeouts.push(timeoutMs);
      headers.push(requestHeaders);
      return answers.shift() ?? ok;
    },
    URL,
    resolveRetryOptions(retry),
    random,
  );
  return { sender, attemptTimes, timeouts, headers };
}

/** Advances the fake clock in steps until `promise` settles. */
async function runUntilSettled<T>(promise: Promise<T>, stepMs = 100): Promise<T> {
  let settled = false;
  void promise.finally(() => (settled = true));
  while (!settled) await jest.advanceTimersByTimeAsync(stepMs);
  return promise;
}

describe('RetryingSender', () => {
  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    jest.setSystemTime(Date.parse('2025-01-01T00:00:00Z'));
  });
  afterEach(() => jest.useRealTimers());

  it('succeeds at the first attempt without retrying', async () => {
    const { sender, attemptTimes, timeouts } = scripted([ok]);
    const result = await sender.send(new Uint8Array(1), Date.now() + 10000);
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(attemptTimes).toHaveLength(1);
    expect(timeouts).toEqual([10000]);
    expect(sender.retried).toBe(0);
  });

  it('sends the request headers given to send() with every attempt', async () => {
    const { sender, headers } = scripted([status(503), ok], {}, () => 0);
    const result = await runUntilSettled(sender.send(new Uint8Array(1), Date.now() + 10000, { 'x-tenant': 'acme' }), 10);
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(headers).toEqual([{ 'x-tenant': 'acme' }, { 'x-tenant': 'acme' }]);
    await sender.send(new Uint8Array(1), Date.now() + 10000);
    expect(headers[2]).toBeUndefined();
  });

  it('treats a 500 as an outage: not retried inside the request, the error carries the status', async () => {
    const { sender, attemptTimes } = scripted([status(500, undefined, 'internal')]);
    const result = await sender.send(new Uint8Array(1), Date.now() + 10000);
    expect(attemptTimes).toHaveLength(1);
    expect(result.error).toBeInstanceOf(OtlpExportError);
    expect(result.error).toMatchObject({ status: 500, attempts: 1, gaveUp: false });
    expect(result.error?.message).toMatch(/HTTP 500: internal \(not retryable\)/);
  });

  it('retries a 503 after a jittered backoff, then succeeds', async () => {
    const { sender, attemptTimes } = scripted([status(503), status(503), ok], {}, () => 0.5);
    const start = Date.now();
    const result = await runUntilSettled(sender.send(new Uint8Array(1), start + 10000), 10);
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    // bounds 1000 then 2000 ms, jitter 0.5
    expect(attemptTimes.map((t) => t - start)).toEqual([0, 500, 1500]);
    expect(sender.retried).toBe(2);
    expect(sender.givenUp).toBe(0);
  });

  it('honours Retry-After in seconds instead of the backoff', async () => {
    const { sender, attemptTimes } = scripted([status(429, '3'), ok], { initialBackoffMs: 1, maxBackoffMs: 1 });
    const start = Date.now();
    const result = await runUntilSettled(sender.send(new Uint8Array(1), start + 10000), 10);
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(attemptTimes.map((t) => t - start)).toEqual([0, 3000]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const { sender, attemptTimes } = scripted([status(503, new Date(Date.now() + 4000).toUTCString()), ok], { initialBackoffMs: 1, maxBackoffMs: 1 });
    const start = Date.now();
    await runUntilSettled(sender.send(new Uint8Array(1), start + 10000), 10);
    expect(attemptTimes.map((t) => t - start)).toEqual([0, 4000]);
  });

  it('caps Retry-After at maxRetryAfterMs', async () => {
    const { sender, attemptTimes } = scripted([status(503, '3600'), ok], { maxRetryAfterMs: 2000 });
    const start = Date.now();
    await runUntilSettled(sender.send(new Uint8Array(1), start + 10000), 10);
    expect(attemptTimes.map((t) => t - start)).toEqual([0, 2000]);
  });

  it('gives up at once when Retry-After reaches past the deadline, and counts it', async () => {
    const { sender, attemptTimes } = scripted([status(503, '20'), ok]);
    const result = await sender.send(new Uint8Array(1), Date.now() + 10000);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/gave up after 1 attempt: the next retry \(after Retry-After 20000 ms\) would pass the export timeout; last failure: HTTP 503/);
    expect(attemptTimes).toHaveLength(1);
    expect(sender.givenUp).toBe(1);
  });

  it('fails a 400 at once with an error naming status and URL, not counted as given up', async () => {
    const { sender, attemptTimes } = scripted([status(400, undefined, 'invalid span'), ok]);
    const result = await sender.send(new Uint8Array(1), Date.now() + 10000);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error).toBeInstanceOf(OtlpExportError);
    expect(result.error?.message).toBe(`OTLP export to ${URL} failed: HTTP 400: invalid span (not retryable)`);
    expect((result.error as OtlpExportError).status).toBe(400);
    expect(attemptTimes).toHaveLength(1);
    expect(sender.givenUp).toBe(0);
    expect(sender.retried).toBe(0);
  });

  it('gives up after maxAttempts on network errors, and counts it', async () => {
    const { sender, attemptTimes } = scripted([refused, refused, refused, refused], { maxAttempts: 3 });
    const result = await runUntilSettled(sender.send(new Uint8Array(1), Date.now() + 10000), 10);
    expect(result.code).toBe(ExportResultCode.FAILED);
    const error = result.error as OtlpExportError;
    expect(error.message).toMatch(/gave up after 3 attempts \(retry.maxAttempts\): connect ECONNREFUSED/);
    expect(error).toMatchObject({ code: 'ECONNREFUSED', attempts: 3, gaveUp: true, url: URL });
    expect(attemptTimes).toHaveLength(3);
    expect(sender.retried).toBe(2);
    expect(sender.givenUp).toBe(1);
  });

  it('keeps every attempt within the deadline, giving each only the time left', async () => {
    const { sender, timeouts } = scripted([status(503), status(503), status(503), status(503)], {}, () => 0.999);
    const start = Date.now();
    const result = await runUntilSettled(sender.send(new Uint8Array(1), start + 3500), 10);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toMatch(/would pass the export timeout/);
    // backoffs 999 and 1998 ms fit; the third (3996 ms) would not
    expect(timeouts).toEqual([3500, 2501, 503]);
    expect(sender.givenUp).toBe(1);
  });

  it('does not retry when maxAttempts is 1', async () => {
    const { sender, attemptTimes } = scripted([status(503), ok], { maxAttempts: 1 });
    const result = await sender.send(new Uint8Array(1), Date.now() + 10000);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(attemptTimes).toHaveLength(1);
    expect(sender.givenUp).toBe(1);
  });
});
