import type { HttpAttemptResult } from '../../src/export/http-sender';
import { isExportRetryable, parseRetryAfterMs } from '../../src/export/export-outcome';

const response = (status: number): HttpAttemptResult => ({ kind: 'response', status, statusMessage: '', retryAfter: undefined, body: '' });
const networkError = (code: string | undefined, message = `failed ${code ?? ''}`): HttpAttemptResult => ({
  kind: 'error',
  error: Object.assign(new Error(message), code === undefined ? {} : { code }),
});

describe('isExportRetryable', () => {
  it.each([429, 502, 503, 504])('retries HTTP %i', status => {
    expect(isExportRetryable(response(status))).toBe(true);
  });

  it.each([400, 401, 403, 404, 408, 413, 415, 500, 501, 301])('does not retry HTTP %i', status => {
    expect(isExportRetryable(response(status))).toBe(false);
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH'])('retries network error %s', code => {
    expect(isExportRetryable(networkError(code))).toBe(true);
  });

  it('retries a socket hang up even without a code', () => {
    expect(isExportRetryable(networkError(undefined, 'socket hang up'))).toBe(true);
  });

  it.each(['ENOTFOUND', 'CERT_HAS_EXPIRED', 'ERR_INVALID_URL'])('does not retry %s', code => {
    expect(isExportRetryable(networkError(code))).toBe(false);
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfterMs('3', now)).toBe(3000);
    expect(parseRetryAfterMs(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date relative to now, and a past date as 0', () => {
    expect(parseRetryAfterMs('Wed, 01 Jan 2025 00:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfterMs('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0);
  });

  it.each([undefined, '', 'soon', '-5', '1.5'])('ignores %p', header => {
    expect(parseRetryAfterMs(header, now)).toBeUndefined();
  });
});
