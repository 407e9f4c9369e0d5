import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { HttpAttemptResult } from './http-sender';
import { classifyAttempt, parseRetryAfterMs } from './export-outcome';
import { describeAttempt, exportErrorFor } from './otlp-export-error';
import { backoffMs, type ResolvedRetryOptions } from './retry-options';
import { sleep } from '../sleep';

/**
 * Makes one attempt with `headers` (the request's own, e.g. a tenant header; none when undefined)
 * added to the configured ones; resolves (never rejects) with its outcome, and gives up after `timeoutMs`.
 */
export type SendAttempt = (body: Uint8Array, timeoutMs: number, headers: Readonly<Record<string, string>> | undefined) => Promise<HttpAttemptResult>;

/**
 * Repeats a failed attempt while `classifyAttempt` (the one classification of answers, in
 * `export-outcome.ts`) calls it `retryable`, waiting between attempts
 * with exponential backoff and full jitter, or for the server's `Retry-After` when it sends one.
 * Everything — attempts and waits — stays within the request's deadline; a retry that could not
 * start before it is not made, and the request is given up and counted.
 */
export class RetryingSender {
  /** Retries made (attempts after the first), total. */
  retried = 0;
  /** Requests abandoned on a retryable failure because attempts or time ran out, total. */
  givenUp = 0;

  /**
   * @param _attempt makes one attempt.
   * @param _url named in error messages.
   * @param _options the retry policy.
   * @param _random jitter source returning [0, 1); `Math.random` by default.
   */
  constructor(
    private readonly _attempt: SendAttempt,
    private readonly _url: string,
    private readonly _options: ResolvedRetryOptions,
    private readonly _random: () => number = Math.random,
  ) {}

  /** Sends `body` with `headers` (default none) on every attempt, retrying as allowed until `deadline` (epoch ms); never rejects. */
  async send(body: Uint8Array, deadline: number, headers?: Readonly<Record<string, string>>): Promise<ExportResult> {
    const { maxAttempts, maxRetryAfterMs } = this._options;
    for (let attempt = 1; ; attempt++) {
      const result = await this._attempt(body, deadline - Date.now(), headers);
      const outcome = classifyAttempt(result);
      if (outcome === 'accepted') return { code: ExportResultCode.SUCCESS };
      const what = describeAttempt(result);
      if (outcome !== 'retryable') {
        const error = exportErrorFor(`OTLP export to ${this._url} failed: ${what} (not retryable)`, this._url, result, attempt, false);
        return { code: ExportResultCode.FAILED, error };
      }
      if (attempt >= maxAttempts) {
        return this._giveUp(`gave up after ${attempt} attempts (retry.maxAttempts): ${what}`, result, attempt);
      }
      const retryAfterMs = result.kind === 'response' ? parseRetryAfterMs(result.retryAfter, Date.now()) : undefined;
      const waitMs = retryAfterMs !== undefined ? Math.min(retryAfterMs, maxRetryAfterMs) : backoffMs(attempt, this._options, this._random);
      if (Date.now() + waitMs >= deadline) {
        const reason = retryAfterMs !== undefined ? `Retry-After ${waitMs} ms` : `backoff ${waitMs} ms`;
        return this._giveUp(
          `gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}: the next retry (after ${reason}) would pass the export timeout; last failure: ${what}`,
          result,
          attempt,
        );
      }
      await sleep(waitMs);
      this.retried++;
    }
  }

  private _giveUp(detail: string, result: HttpAttemptResult, attempts: number): ExportResult {
    this.givenUp++;
    return { code: ExportResultCode.FAILED, error: exportErrorFor(`OTLP export to ${this._url} ${detail}`, this._url, result, attempts, true) };
  }
}
