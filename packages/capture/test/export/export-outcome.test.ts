import type { HttpAttemptResult } from '../../src/export/http-sender';
import { classifyAttempt, classifyExportError, classifyStatus, parseRetryAfterMs } from '../../src/export/export-outcome';
import { OtlpExportError } from '../../src/export/otlp-export-error';

const response = (status: number): HttpAttemptResult => ({ kind: 'response', status, statusMessage: '', retryAfter: undefined, body: '' });
const networkError = (code: string | undefined, message = `failed ${code ?? ''}`): HttpAttemptResult => ({
  kind: 'error',
  error: Object.assign(new Error(message), code === undefined ? {} : { code }),
});

describe('classifyAttempt: retryable or not', () => {
  it.each([429, 502, 503, 504])('retries HTTP %i', (status) => {
    expect(classifyAttempt(response(status))).toBe('retryable');
  });

  it.each([400, 401, 403, 404, 408, 413, 415, 500, 501, 301])('does not retry HTTP %i', (status) => {
    expect(classifyAttempt(response(status))).not.toBe('retryable');
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH'])('retries network error %s', (code) => {
    expect(classifyAttempt(networkError(code))).toBe('retryable');
  });

  it('retries a socket hang up even without a code', () => {
    expect(classifyAttempt(networkError(undefined, 'socket hang up'))).toBe('retryable');
  });

  it.each(['ENOTFOUND', 'CERT_HAS_EXPIRED', 'ERR_INVALID_URL'])('does not retry %s', (code) => {
    expect(classifyAttempt(networkError(code))).toBe('outage');
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

  it.each([undefined, '', 'soon', '-5', '1.5'])('ignores %p', (header) => {
    expect(parseRetryAfterMs(header, now)).toBeUndefined();
  });
});

describe('classifyStatus and classifyExportError (the one classification)', () => {
  it.each([200, 202, 204])('HTTP %i is accepted', (status) => expect(classifyStatus(status)).toBe('accepted'));
  it.each([429, 502, 503, 504])('HTTP %i is retryable inside the request', (status) => expect(classifyStatus(status)).toBe('retryable'));
  it.each([401, 403, 404, 405, 407, 408, 410, 421, 500, 501, 505, 599, 301, 302, 100])('HTTP %i is an outage: nothing about the records', (status) =>
    expect(classifyStatus(status)).toBe('outage'),
  );
  it.each([400, 411, 413, 414, 415, 422, 431])('HTTP %i rejects the bytes', (status) => expect(classifyStatus(status)).toBe('rejected'));

  it('reads the status or network code of an OtlpExportError, and calls any other failure an outage', () => {
    const withStatus = (status: number) => new OtlpExportError('x', 'u', { status, attempts: 1, gaveUp: false });
    expect(classifyExportError(withStatus(400))).toBe('rejected');
    expect(classifyExportError(withStatus(401))).toBe('outage');
    expect(classifyExportError(new OtlpExportError('refused', 'u', { code: 'ECONNREFUSED', attempts: 5, gaveUp: true }))).toBe('retryable');
    expect(classifyExportError(new OtlpExportError('tls', 'u', { code: 'CERT_HAS_EXPIRED', attempts: 1, gaveUp: false }))).toBe('outage');
    expect(classifyExportError(new Error('a custom sender failed'))).toBe('outage');
    expect(classifyExportError(undefined)).toBe('outage');
  });
});
