import { context, isValidSpanId, isValidTraceId, SpanKind, trace, TraceFlags, type Attributes, type Link, type SpanContext } from '@opentelemetry/api';
import {
  ATTR_FEEDBACK_EVALUATOR,
  ATTR_FEEDBACK_SPAN_ID,
  ATTR_FEEDBACK_TRACE_ID,
  ATTR_GEN_AI_EVALUATION_EXPLANATION,
  ATTR_GEN_AI_EVALUATION_NAME,
  ATTR_GEN_AI_EVALUATION_SCORE_LABEL,
  ATTR_GEN_AI_EVALUATION_SCORE_VALUE,
  ATTR_GEN_AI_RESPONSE_ID,
  EVENT_GEN_AI_EVALUATION_RESULT,
} from '../attributes';
import { spanName, startAttributes, tracerOf, type CommonSpanOptions } from '../helper-options';

/** Feedback on a finished trace, for {@link recordFeedback}. */
export interface FeedbackOptions extends CommonSpanOptions {
  /** The trace the feedback is about: 32 hex digits, not all zero (upper case is accepted and lowered). */
  traceId: string;
  /** The span the feedback is about (16 hex digits, not all zero), usually the root or the LLM call. Default: none (no link; see below). */
  spanId?: string;
  /** Name of the evaluation (`gen_ai.evaluation.name`), e.g. `user_feedback`, `relevance`; names the span `evaluation {name}`. */
  name: string;
  /** Score (`gen_ai.evaluation.score.value`), any finite number. Default: none. */
  score?: number;
  /** Low-cardinality label (`gen_ai.evaluation.score.label`), e.g. `thumbs_up`, `pass`. Default: none. */
  label?: string;
  /** Free-form explanation (`gen_ai.evaluation.explanation`), e.g. the user's comment. Default: none. */
  comment?: string;
  /** Who evaluated (`agent_otel.feedback.evaluator`), e.g. `user`, `llm-judge`, `reviewer:ana`. Default: none. */
  evaluator?: string;
  /** The evaluated completion's id (`gen_ai.response.id`), as the conventions suggest when no span id is known. Default: none. */
  responseId?: string;
  /**
   * Where the feedback span goes. `false`: its own new trace, linked to the evaluated span.
   * `true`: inside the evaluated trace, as a child of `spanId` (which is then required), so
   * trace views show it with the request; it carries the link too. Default: `false`.
   */
  inEvaluatedTrace?: boolean;
}

/**
 * Records feedback (a score, a label and/or a comment) on a finished trace, by its ids, per the
 * GenAI evaluation conventions: a short INTERNAL span `evaluation {name}` with the
 * `gen_ai.evaluation.*` attributes and a `gen_ai.evaluation.result` event carrying them, linked
 * to the evaluated span (a span link to `{ traceId, spanId }`, marked remote). It also carries
 * `agent_otel.feedback.trace_id` and `.span_id`, so the feedback can be found by the evaluated
 * trace's id even without a `spanId` (a link needs both ids).
 *
 * Returns the feedback span's context (e.g. for `confirmed()` with `capture: 'critical'`).
 * Throws a TypeError naming the field when the input is invalid: a malformed id, an empty name,
 * a non-finite score, a non-string label, comment, evaluator or response id, none of score,
 * label and comment, or `inEvaluatedTrace` without `spanId`.
 */
export function recordFeedback(feedback: FeedbackOptions): SpanContext {
  const evaluated = validate(feedback);
  const attributes = startAttributes('recordFeedback', feedback, evaluationAttributes(feedback, evaluated));
  const links: Link[] = evaluated.spanId === undefined ? [] : [{ context: remoteContext(evaluated.traceId, evaluated.spanId) }];
  const inTrace = feedback.inEvaluatedTrace === true;
  const parent = inTrace ? trace.setSpanContext(context.active(), remoteContext(evaluated.traceId, evaluated.spanId as string)) : context.active();
  const span = tracerOf(feedback).startSpan(spanName('evaluation', feedback.name), { kind: SpanKind.INTERNAL, attributes, links, root: !inTrace }, parent);
  span.addEvent(EVENT_GEN_AI_EVALUATION_RESULT, eventAttributes(feedback));
  span.end();
  return span.spanContext();
}

interface EvaluatedIds {
  readonly traceId: string;
  readonly spanId: string | undefined;
}

function validate(feedback: FeedbackOptions): EvaluatedIds {
  if (typeof feedback !== 'object' || feedback === null) throw new TypeError('recordFeedback: expected a feedback object');
  const { traceId, spanId, name, score, label, comment, evaluator, responseId } = feedback;
  if (typeof traceId !== 'string' || !isValidTraceId(traceId)) {
    throw new TypeError(`recordFeedback: "traceId" must be 32 hex digits, not all zero; got ${describe(traceId)}`);
  }
  if (spanId !== undefined && (typeof spanId !== 'string' || !isValidSpanId(spanId))) {
    throw new TypeError(`recordFeedback: "spanId" must be 16 hex digits, not all zero; got ${describe(spanId)}`);
  }
  if (typeof name !== 'string' || name.trim() === '') {
    throw new TypeError(`recordFeedback: "name" must be a non-empty string; got ${describe(name)}`);
  }
  if (score !== undefined && (typeof score !== 'number' || !Number.isFinite(score))) {
    throw new TypeError(`recordFeedback: "score" must be a finite number; got ${describe(score)}`);
  }
  for (const [field, value] of [
    ['label', label],
    ['comment', comment],
    ['evaluator', evaluator],
    ['responseId', responseId],
  ] as const) {
    if (value !== undefined && typeof value !== 'string') {
      throw new TypeError(`recordFeedback: "${field}" must be a string; got ${describe(value)}`);
    }
  }
  if (score === undefined && label === undefined && comment === undefined) {
    throw new TypeError('recordFeedback: give at least one of "score", "label" and "comment"');
  }
  if (feedback.inEvaluatedTrace === true && spanId === undefined) {
    throw new TypeError('recordFeedback: "inEvaluatedTrace" needs "spanId", the span to attach the feedback to');
  }
  return { traceId: traceId.toLowerCase(), spanId: spanId?.toLowerCase() };
}

function eventAttributes(feedback: FeedbackOptions): Attributes {
  const attributes: Attributes = { [ATTR_GEN_AI_EVALUATION_NAME]: feedback.name };
  if (feedback.score !== undefined) attributes[ATTR_GEN_AI_EVALUATION_SCORE_VALUE] = feedback.score;
  if (feedback.label !== undefined) attributes[ATTR_GEN_AI_EVALUATION_SCORE_LABEL] = feedback.label;
  if (feedback.comment !== undefined) attributes[ATTR_GEN_AI_EVALUATION_EXPLANATION] = feedback.comment;
  if (feedback.responseId !== undefined) attributes[ATTR_GEN_AI_RESPONSE_ID] = feedback.responseId;
  return attributes;
}

function evaluationAttributes(feedback: FeedbackOptions, evaluated: EvaluatedIds): Attributes {
  return {
    ...eventAttributes(feedback),
    [ATTR_FEEDBACK_EVALUATOR]: feedback.evaluator,
    [ATTR_FEEDBACK_TRACE_ID]: evaluated.traceId,
    [ATTR_FEEDBACK_SPAN_ID]: evaluated.spanId,
  };
}

function remoteContext(traceId: string, spanId: string): SpanContext {
  return { traceId, spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  return value === null ? 'null' : typeof value;
}
