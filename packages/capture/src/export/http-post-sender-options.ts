import { resolveRetryOptions, type ResolvedRetryOptions, type RetryOptions } from './retry-options';
import type { TlsOptions } from './http-sender';
import { MAX_TIMER_MS } from '../timer-limit';
import { headersProblem, throwOptionProblem } from './export-option-problem';

/** Options of `HttpPostSender`; `url` and `contentType` are required, the defaults of the rest are stated on each. */
export interface HttpPostSenderOptions {
  /** Endpoint, `http:` or `https:`. Required. */
  url: string;
  /** `content-type` of every request, e.g. `application/x-protobuf`. Required. */
  contentType: string;
  /** Extra request headers (names are lowercased). Default none. */
  headers?: Record<string, string>;
  /** Budget of one request in ms: waiting for a slot, every attempt and every backoff wait. Default 10000. */
  timeoutMillis?: number;
  /** Request body compression. Default `'none'`. */
  compression?: 'gzip' | 'none';
  /** Retry policy (`RetryOptions`): 5 attempts, backoff from 1 s doubling up to 5 s, by default. */
  retry?: RetryOptions;
  /** Most requests in flight at once; more wait their turn within `timeoutMillis`. Default 4. */
  maxConcurrentRequests?: number;
  /** TLS settings, used when `url` is `https:`. Default: Node's CAs, no client certificate. */
  tls?: TlsOptions;
}

/**
 * The options with defaults applied and values checked, once, by `resolveHttpPostSenderOptions`:
 * what an `HttpPostSender` is built from. `headers` holds every header sent with each request
 * (`user-agent`, `content-type`, `content-encoding` included).
 */
export interface ResolvedHttpPostSenderOptions {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMillis: number;
  readonly compression: 'gzip' | 'none';
  readonly retry: ResolvedRetryOptions;
  readonly maxConcurrentRequests: number;
  readonly tls: TlsOptions;
}

/**
 * Applies the defaults, checks every value and builds the request headers.
 * @param owner names the component in error messages.
 * @throws TypeError/RangeError naming the option when a value is invalid.
 */
export function resolveHttpPostSenderOptions(options: HttpPostSenderOptions, owner: string): ResolvedHttpPostSenderOptions {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new TypeError(`${owner}: option url is not a valid URL: ${JSON.stringify(options.url)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`${owner}: option url must use http: or https:, got ${JSON.stringify(options.url)}`);
  }
  const timeoutMillis = options.timeoutMillis ?? 10000;
  if (typeof timeoutMillis !== 'number' || !Number.isFinite(timeoutMillis) || timeoutMillis <= 0 || timeoutMillis > MAX_TIMER_MS) {
    throw new RangeError(`${owner}: option timeoutMillis must be a number of milliseconds in (0, ${MAX_TIMER_MS}], got ${String(timeoutMillis)}`);
  }
  const compression = options.compression ?? 'none';
  if (compression !== 'gzip' && compression !== 'none') {
    throw new RangeError(`${owner}: option compression must be 'gzip' or 'none', got ${JSON.stringify(compression)}`);
  }
  const maxConcurrentRequests = options.maxConcurrentRequests ?? 4;
  if (!Number.isSafeInteger(maxConcurrentRequests) || maxConcurrentRequests < 1) {
    throw new RangeError(`${owner}: option maxConcurrentRequests must be an integer >= 1, got ${String(maxConcurrentRequests)}`);
  }
  const tls = options.tls ?? {};
  if ((tls.cert === undefined) !== (tls.key === undefined)) {
    throw new TypeError(`${owner}: options tls.cert and tls.key go together (a client certificate needs its key)`);
  }
  const problem = headersProblem(options.headers);
  if (problem) throwOptionProblem(owner, problem);
  const headers: Record<string, string> = { 'user-agent': 'agent-otel' };
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  if (typeof options.contentType !== 'string' || options.contentType === '') {
    throw new TypeError(`${owner}: option contentType is required`);
  }
  headers['content-type'] = options.contentType;
  if (compression === 'gzip') headers['content-encoding'] = 'gzip';
  else delete headers['content-encoding'];
  delete headers['content-length'];
  return { url, headers, timeoutMillis, compression, retry: resolveRetryOptions(options.retry, owner), maxConcurrentRequests, tls };
}
