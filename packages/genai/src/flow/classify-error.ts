import type { FailureCategory } from '../attributes';

/** What {@link classifyError} makes of a thrown value. */
export interface FailureClassification {
  /** Where the failure came from. */
  readonly category: FailureCategory;
  /** Machine-readable code, e.g. `rate_limited`, `context_length_exceeded`, `timeout`. */
  readonly code: string;
  /** Whether trying the same call again may succeed (rate limits, timeouts, 5xx, lost connections). */
  readonly retryable: boolean;
}

/** Options of {@link classifyError}. */
export interface ClassifyOptions {
  /**
   * Category of the component that failed, used for every code that does not imply its own
   * category (timeouts, connection errors, HTTP statuses): a timeout calling a tool is `tool`,
   * calling a model `model`. Default: `model`.
   */
  origin?: FailureCategory;
}

/** What the rules look at, gathered once from the error and its `cause` chain. */
interface ErrorFacts {
  /** HTTP status: `status`, `statusCode` or `response.status` of the outermost error that has one. */
  readonly status: number | undefined;
  /** String `code` and `type` values (the error's, its body's `error.code`, its causes'), lowercase. */
  readonly codes: ReadonlySet<string>;
  /** Class names and `name` values of the error and its causes. */
  readonly names: ReadonlySet<string>;
  /** The outermost message, lowercase, at most 1000 characters. */
  readonly message: string;
}

interface Rule {
  readonly code: string;
  readonly retryable: boolean;
  /** Fixed category; when absent, the caller's origin. */
  readonly category?: FailureCategory;
  readonly test: (facts: ErrorFacts) => boolean;
}

const CONTEXT_LENGTH_MESSAGE = /context length|context window|maximum context|prompt is too long|too many tokens|input is too long/;
const CONTENT_POLICY_MESSAGE = /content (management )?policy|content filter|safety system/;
const TIMEOUT_CODES = ['etimedout', 'esockettimedout', 'und_err_connect_timeout', 'und_err_headers_timeout', 'und_err_body_timeout'];
const CONNECTION_CODES = ['econnrefused', 'econnreset', 'econnaborted', 'enotfound', 'eai_again', 'epipe', 'ehostunreach', 'enetunreach', 'und_err_socket', 'und_err_closed'];

/**
 * Classification rules, first match wins. Each provider or runtime quirk is one row here; codes
 * with a fixed category (the model's context window, a provider's content filter) say so, the
 * rest take the caller's origin.
 */
const RULES: readonly Rule[] = [
  {
    code: 'context_length_exceeded',
    category: 'model',
    retryable: false,
    test: (f) => hasCode(f, 'context_length_exceeded') || ((f.status === 400 || f.status === 413 || f.status === undefined) && CONTEXT_LENGTH_MESSAGE.test(f.message)),
  },
  {
    code: 'content_filtered',
    category: 'guardrail',
    retryable: false,
    test: (f) =>
      hasCode(f, 'content_filter', 'content_policy_violation') || f.names.has('ContentFilterFinishReasonError') || (f.status === 400 && CONTENT_POLICY_MESSAGE.test(f.message)),
  },
  { code: 'max_tokens_reached', category: 'model', retryable: false, test: (f) => f.names.has('LengthFinishReasonError') },
  { code: 'quota_exceeded', retryable: false, test: (f) => hasCode(f, 'insufficient_quota') || f.status === 402 },
  { code: 'rate_limited', retryable: true, test: (f) => f.status === 429 || hasCode(f, 'rate_limit_exceeded') || f.names.has('RateLimitError') },
  { code: 'aborted', retryable: false, test: (f) => f.names.has('APIUserAbortError') },
  {
    code: 'timeout',
    retryable: true,
    test: (f) =>
      f.status === 408 || f.status === 504 || hasCode(f, ...TIMEOUT_CODES) || f.names.has('TimeoutError') || f.names.has('AbortError') || f.names.has('APIConnectionTimeoutError'),
  },
  { code: 'connection_failed', retryable: true, test: (f) => hasCode(f, ...CONNECTION_CODES) || f.names.has('APIConnectionError') },
  { code: 'provider_error', retryable: true, test: (f) => f.status !== undefined && f.status >= 500 && f.status <= 599 },
  { code: 'authentication_failed', retryable: false, test: (f) => f.status === 401 || f.names.has('AuthenticationError') },
  { code: 'permission_denied', retryable: false, test: (f) => f.status === 403 || f.names.has('PermissionDeniedError') },
  { code: 'not_found', retryable: false, test: (f) => f.status === 404 || f.names.has('NotFoundError') },
  { code: 'invalid_request', retryable: false, test: (f) => f.status === 400 || f.status === 409 || f.status === 422 },
  { code: 'schema_validation_failed', retryable: false, test: (f) => f.names.has('ZodError') },
  { code: 'invalid_json', retryable: false, test: (f) => f.names.has('SyntaxError') && f.message.includes('json') },
];

/** Code given to errors no rule matches. */
export const UNKNOWN_FAILURE_CODE = 'unknown_error';

/** How many `cause` links are followed. */
const MAX_CAUSE_DEPTH = 5;

/**
 * Maps a thrown value to a failure category, a machine-readable code and whether retrying may
 * help. Recognizes HTTP statuses (OpenAI, Anthropic and fetch-style errors), OpenAI SDK error
 * classes, Node and undici network codes (also inside `cause`), `AbortError` / `TimeoutError`,
 * Zod and JSON parse errors. Anything else is `{ category: origin, code: 'unknown_error',
 * retryable: false }`. Never throws.
 */
export function classifyError(error: unknown, options: ClassifyOptions = {}): FailureClassification {
  const origin = options.origin ?? 'model';
  try {
    const facts = gatherFacts(error);
    for (const rule of RULES) {
      if (rule.test(facts)) return { category: rule.category ?? origin, code: rule.code, retryable: rule.retryable };
    }
  } catch {
    // A throwing getter on a foreign error object: fall through to "unknown".
  }
  return { category: origin, code: UNKNOWN_FAILURE_CODE, retryable: false };
}

function hasCode(facts: ErrorFacts, ...codes: string[]): boolean {
  return codes.some((code) => facts.codes.has(code));
}

function gatherFacts(error: unknown): ErrorFacts {
  const codes = new Set<string>();
  const names = new Set<string>();
  let status: number | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && typeof current === 'object' && current !== null; depth++) {
    const record = current as Record<string, unknown>;
    status ??= httpStatus(record);
    addString(codes, record.code, true);
    addString(codes, record.type, true);
    const body = record.error;
    if (typeof body === 'object' && body !== null) addString(codes, (body as Record<string, unknown>).code, true);
    addString(names, record.name, false);
    addString(names, (record.constructor as { name?: unknown } | undefined)?.name, false);
    // AggregateError (e.g. undici trying IPv4 and IPv6): look at the first error too.
    const errors = record.errors;
    if (Array.isArray(errors) && typeof errors[0] === 'object' && errors[0] !== null) {
      addString(codes, (errors[0] as Record<string, unknown>).code, true);
    }
    current = record.cause;
  }
  return { status, codes, names, message: outerMessage(error) };
}

function httpStatus(record: Record<string, unknown>): number | undefined {
  const response = record.response;
  const candidates = [record.status, record.statusCode, typeof response === 'object' && response !== null ? (response as Record<string, unknown>).status : undefined];
  for (const candidate of candidates) {
    if (typeof candidate === 'number' && Number.isInteger(candidate) && candidate >= 100 && candidate <= 599) return candidate;
  }
  return undefined;
}

function addString(into: Set<string>, value: unknown, lowercase: boolean): void {
  if (typeof value === 'string' && value !== '') into.add(lowercase ? value.toLowerCase() : value);
}

function outerMessage(error: unknown): string {
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : error;
  return typeof message === 'string' ? message.slice(0, 1000).toLowerCase() : '';
}
