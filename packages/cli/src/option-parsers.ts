/** Parsers of command line values; each throws a {@link UsageError} naming the option. */
import { UsageError } from './cli-error';

/** The OTLP/HTTP traces path appended to a base endpoint. */
const OTLP_TRACES_PATH = '/v1/traces';

/**
 * The OTLP/HTTP traces URL for `--endpoint`: a base URL (`http://collector:4318`, empty path) gets
 * `/v1/traces` appended; a URL with a path is used as it is (`https://host/otlp/v1/traces`).
 */
export function resolveTracesEndpoint(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--endpoint is not a valid URL: ${JSON.stringify(text)} (e.g. http://localhost:4318)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--endpoint must be an http: or https: URL, got ${JSON.stringify(text)}`);
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = OTLP_TRACES_PATH;
  return url.href;
}

/**
 * Turns repeated `--header name=value` values into a header object (later values win). The value
 * may hold `=`; the name must not be empty. Errors never repeat the value (it may be a token).
 */
export function parseHeaders(pairs: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = eq > 0 ? pair.slice(0, eq).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new UsageError('--header expects name=value with a valid header name, e.g. --header "authorization=Bearer <token>"');
    }
    headers[name.toLowerCase()] = pair.slice(eq + 1).trim();
  }
  return headers;
}

/** A whole number ≥ 1 given for `option` (e.g. `--batch-bytes`). */
export function parsePositiveInteger(option: string, text: string): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`${option} must be a whole number ≥ 1, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** A W3C trace id: 32 lowercase hex characters, not all zero (upper case is accepted and lowered). */
export function parseTraceId(text: string): string {
  const id = text.trim().toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(id) || /^0+$/.test(id)) {
    throw new UsageError(`TRACE_ID must be 32 hex characters (not all zero), got ${JSON.stringify(text)}`);
  }
  return id;
}
