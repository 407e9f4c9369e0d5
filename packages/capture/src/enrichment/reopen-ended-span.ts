import type { ReadableSpan } from '../sdk-trace-types';

/** The field both OTel JS trace SDK lines (2.x `sdk-trace-base`, 3.x `sdk-trace`) keep a span's end in. */
interface EndFlag {
  _ended: boolean;
}

/**
 * Whether `span` is the trace SDK's own span class, whose edits after `end()` can be run through
 * {@link editEndedSpan}. A span of another implementation is not, and its enrichment is never deferred.
 */
export function canEditAfterEnd(span: ReadableSpan): boolean {
  return typeof (span as unknown as Partial<EndFlag>)._ended === 'boolean';
}

/**
 * Runs `edit` while an ended SDK span accepts its own API again (`setAttribute`, `setAttributes`,
 * `setStatus`, `updateName`), so every edit goes through the SDK's validation and attribute limits
 * exactly as it would have before `end()`. The span is ended again before this returns, even when
 * `edit` throws. Synchronous: nothing else can observe the span while it is open.
 */
export function editEndedSpan<S extends ReadableSpan>(span: S, edit: (span: S) => void): void {
  const flag = span as unknown as EndFlag;
  if (flag._ended !== true) {
    edit(span);
    return;
  }
  flag._ended = false;
  try {
    edit(span);
  } finally {
    flag._ended = true;
  }
}
