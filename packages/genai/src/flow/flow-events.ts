import type { Attributes, Span } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_FALLBACK_FROM,
  ATTR_FALLBACK_REASON,
  ATTR_FALLBACK_TO,
  ATTR_GUARDRAIL_ACTION,
  ATTR_GUARDRAIL_DETAIL,
  ATTR_GUARDRAIL_POLICY,
  ATTR_RETRY_ATTEMPT,
  ATTR_RETRY_BACKOFF_MS,
  ATTR_RETRY_REASON,
  ATTR_STEPS_COUNT,
  ATTR_STEPS_LIMIT,
  ATTR_TIMEOUT_MS,
  ATTR_TIMEOUT_OPERATION,
  EVENT_FALLBACK,
  EVENT_GUARDRAIL,
  EVENT_MAX_STEPS_EXCEEDED,
  EVENT_RETRY,
  EVENT_TIMEOUT,
  GUARDRAIL_ACTIONS,
  type GuardrailAction,
} from '../attributes';
import { errorType } from '../error-type';
import { classifyError } from './classify-error';
import { optionalText } from './text';
import { emit } from './emit-event';

/** A retry, for {@link recordRetry}. */
export interface RetryEvent {
  /** The retry number: 1 for the first retry (the second call). */
  attempt: number;
  /** Milliseconds waited before this retry. */
  backoffMs: number;
  /** Why the call is retried, e.g. `rate_limited`. Default: the code `classifyError` gives `error`. */
  reason?: string;
  /** What the failed call threw; written as `error.type`. Default: none. */
  error?: unknown;
}

/** A timeout, for {@link recordTimeout}. */
export interface TimeoutEvent {
  /** The time limit that was hit, in milliseconds. */
  timeoutMs: number;
  /** What timed out, e.g. `chat gpt-4o`, `tool:search`. */
  operation: string;
}

/** A fallback, for {@link recordFallback}. */
export interface FallbackEvent {
  /** What failed, e.g. `gpt-4o`. */
  from: string;
  /** What is used instead, e.g. `gpt-4o-mini`. */
  to: string;
  /** Why, e.g. `rate_limited`. Default: the code `classifyError` gives `error`, if any. */
  reason?: string;
  /** What the primary path threw; written as `error.type`. Default: none. */
  error?: unknown;
}

/** A guardrail or policy hit, for {@link recordGuardrailHit}. */
export interface GuardrailHit {
  /** The policy that matched, e.g. `pii`, `jailbreak`, `topic:medical`. */
  policy: string;
  /** What the guardrail did: `blocked`, `redacted` or `flagged`. */
  action: GuardrailAction;
  /** Short detail, sanitized and capped at 512 characters; never put the matched content here. Default: none. */
  detail?: string;
}

/** A step limit reached, for {@link recordMaxStepsExceeded}. */
export interface MaxStepsExceeded {
  /** The most steps allowed. */
  limit: number;
  /** The steps taken when the limit was hit. */
  steps: number;
}

/**
 * Adds an `agent_otel.retry` event to `span` with `agent_otel.retry.attempt`, `.backoff_ms`,
 * `.reason` and, when `error` is given, `error.type`. Never throws; invalid fields are left out
 * with one `diag` warning.
 */
export function recordRetry(span: Span, retry: RetryEvent): void {
  emit(span, 'recordRetry', EVENT_RETRY, retry, (r, bad) => {
    const attributes: Attributes = {};
    putCount(attributes, ATTR_RETRY_ATTEMPT, r.attempt, 1, bad, 'attempt');
    putCount(attributes, ATTR_RETRY_BACKOFF_MS, r.backoffMs, 0, bad, 'backoffMs');
    putReason(attributes, ATTR_RETRY_REASON, r.reason, r.error);
    if (r.error !== undefined) attributes[ATTR_ERROR_TYPE] = errorType(r.error);
    return attributes;
  });
}

/** Adds an `agent_otel.timeout` event with `agent_otel.timeout.ms` and `.operation`. Never throws. */
export function recordTimeout(span: Span, timeout: TimeoutEvent): void {
  emit(span, 'recordTimeout', EVENT_TIMEOUT, timeout, (t, bad) => {
    const attributes: Attributes = {};
    putCount(attributes, ATTR_TIMEOUT_MS, t.timeoutMs, 0, bad, 'timeoutMs');
    putText(attributes, ATTR_TIMEOUT_OPERATION, t.operation, bad, 'operation');
    return attributes;
  });
}

/**
 * Adds an `agent_otel.fallback` event with `agent_otel.fallback.from`, `.to`, `.reason` and, when
 * `error` is given, `error.type`. A request whose spans record a fallback ends with outcome
 * `partial` (see `RequestRollup`). Never throws.
 */
export function recordFallback(span: Span, fallback: FallbackEvent): void {
  emit(span, 'recordFallback', EVENT_FALLBACK, fallback, (f, bad) => {
    const attributes: Attributes = {};
    putText(attributes, ATTR_FALLBACK_FROM, f.from, bad, 'from');
    putText(attributes, ATTR_FALLBACK_TO, f.to, bad, 'to');
    putReason(attributes, ATTR_FALLBACK_REASON, f.reason, f.error);
    if (f.error !== undefined) attributes[ATTR_ERROR_TYPE] = errorType(f.error);
    return attributes;
  });
}

/** Adds an `agent_otel.guardrail` event with `agent_otel.guardrail.policy`, `.action`, `.detail`. Never throws. */
export function recordGuardrailHit(span: Span, hit: GuardrailHit): void {
  emit(span, 'recordGuardrailHit', EVENT_GUARDRAIL, hit, (h, bad) => {
    const attributes: Attributes = {};
    putText(attributes, ATTR_GUARDRAIL_POLICY, h.policy, bad, 'policy');
    if (GUARDRAIL_ACTIONS.includes(h.action)) attributes[ATTR_GUARDRAIL_ACTION] = h.action;
    else bad('action');
    const detail = optionalText(h.detail);
    if (detail !== undefined) attributes[ATTR_GUARDRAIL_DETAIL] = detail;
    return attributes;
  });
}

/** Adds an `agent_otel.max_steps_exceeded` event with `agent_otel.steps.limit` and `.count`. Never throws. */
export function recordMaxStepsExceeded(span: Span, exceeded: MaxStepsExceeded): void {
  emit(span, 'recordMaxStepsExceeded', EVENT_MAX_STEPS_EXCEEDED, exceeded, (e, bad) => {
    const attributes: Attributes = {};
    putCount(attributes, ATTR_STEPS_LIMIT, e.limit, 0, bad, 'limit');
    putCount(attributes, ATTR_STEPS_COUNT, e.steps, 0, bad, 'steps');
    return attributes;
  });
}

/** Puts `value` when it is a finite number ≥ `min`, else reports `field` as bad. */
function putCount(attributes: Attributes, key: string, value: unknown, min: number, bad: (field: string) => void, field: string): void {
  if (typeof value === 'number' && Number.isFinite(value) && value >= min) attributes[key] = value;
  else bad(field);
}

/** Puts `value` sanitized when it is a non-empty string, else reports `field` as bad. */
function putText(attributes: Attributes, key: string, value: unknown, bad: (field: string) => void, field: string): void {
  const text = optionalText(value, 256);
  if (text !== undefined) attributes[key] = text;
  else bad(field);
}

/** Puts `reason`, else the code `classifyError` gives `error`, if any. */
function putReason(attributes: Attributes, key: string, reason: unknown, error: unknown): void {
  const text = optionalText(reason, 256) ?? (error !== undefined ? classifyError(error).code : undefined);
  if (text !== undefined) attributes[key] = text;
}
