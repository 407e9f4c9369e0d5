import { SpanStatusCode, type Attributes, type Span } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, ATTR_FAILURE_CATEGORY, ATTR_FAILURE_CODE, ATTR_FAILURE_WHERE, ERROR_TYPE_VALUE_OTHER, FAILURE_CATEGORIES, type FailureCategory } from '../attributes';
import { errorType } from '../error-type';
import { capText, messageOf, optionalText, stackFrames, VALUE_LIMIT } from './text';
import { UNKNOWN_FAILURE_CODE } from './classify-error';
import { warnOnce } from './warn-once';

/** A failure to record with {@link recordAgentFailure}. */
export interface AgentFailure {
  /** Where the failure came from: `model`, `tool`, `orchestration` or `guardrail`. */
  category: FailureCategory;
  /**
   * Machine-readable code, e.g. `rate_limited`, `context_length_exceeded`, `timeout`,
   * `max_steps_exceeded` (see `classifyError` for the codes it produces).
   */
  code: string;
  /**
   * Human-readable message. Sanitized: cut before any stack trace, whitespace collapsed, trimmed,
   * at most 512 characters. Default: the message of `error`, sanitized the same way; else the code.
   */
  message?: string;
  /** The thrown value, if any: gives `error.type` and the exception event's stack. Default: none. */
  error?: unknown;
  /** The component or step that failed (`agent_otel.failure.where`), e.g. `tool:search`. Default: none. */
  where?: string;
}

/** The failure last recorded on each span by {@link recordAgentFailure}; weak, so spans are not kept. */
const recorded = new WeakMap<Span, unknown>();

/**
 * Marks `span` as failed with a taxonomy: status ERROR with the sanitized message, `error.type`
 * (from `error` like `recordFailure` does, else the code), `agent_otel.failure.category`, `.code`
 * and `.where`, and one `exception` event (type, sanitized message, and the stack's frames, without
 * the raw message the stack starts with, capped at 2048 characters). Never throws: invalid fields are left out or replaced (an invalid code by
 * `unknown_error`) with one `diag` warning.
 */
export function recordAgentFailure(span: Span, failure: AgentFailure): void {
  try {
    const { category, code, where, error } = failure;
    const validCategory = FAILURE_CATEGORIES.includes(category);
    const validCode = typeof code === 'string' && code.trim() !== '';
    if (!validCategory || !validCode) {
      warnOnce('recordAgentFailure', `recordAgentFailure: invalid category ${String(category)} or code ${String(code)}`);
    }
    const failureCode = validCode ? capText(code.trim(), 128) : UNKNOWN_FAILURE_CODE;
    const message = optionalText(failure.message) ?? (error !== undefined ? optionalText(messageOf(error)) : undefined) ?? failureCode;
    const classOfError = error !== undefined ? errorType(error) : ERROR_TYPE_VALUE_OTHER;
    const type = classOfError !== ERROR_TYPE_VALUE_OTHER ? classOfError : failureCode;

    const attributes: Attributes = { [ATTR_ERROR_TYPE]: type, [ATTR_FAILURE_CODE]: failureCode };
    if (validCategory) attributes[ATTR_FAILURE_CATEGORY] = category;
    const whereText = optionalText(where, 256);
    if (whereText !== undefined) attributes[ATTR_FAILURE_WHERE] = whereText;
    span.setAttributes(attributes);
    span.setStatus({ code: SpanStatusCode.ERROR, message });
    span.recordException({ name: type, message, stack: stackOf(error) });
    recorded.set(span, error ?? failure);
  } catch (recordingError) {
    warnOnce('recordAgentFailure', 'recordAgentFailure could not record a failure', recordingError);
  }
}

/**
 * Whether {@link recordAgentFailure} already recorded `error` on `span`, so code that records
 * escaping errors generically can skip a second exception event for the same failure.
 */
export function hasRecordedFailure(span: Span, error: unknown): boolean {
  return recorded.has(span) && recorded.get(span) === error;
}

/** The frames of the error's stack, without its first lines (they repeat the raw, unsanitized message). */
function stackOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const stack = (error as { stack?: unknown }).stack;
  if (typeof stack !== 'string') return undefined;
  const frames = stackFrames(stack);
  return frames === undefined ? undefined : capText(frames, VALUE_LIMIT);
}
