import type { ReadableSpan } from '@agent-otel/capture';

/**
 * The span id of `span`, or undefined for an object that cannot tell it (not a span): the
 * registries of open spans key by id and leave such an object alone instead of failing on it.
 */
export function spanIdOf(span: Pick<ReadableSpan, 'spanContext'> | null | undefined): string | undefined {
  return typeof span?.spanContext === 'function' ? span.spanContext().spanId : undefined;
}
