import type { Attributes, Span } from '@opentelemetry/api';
import { warnOnce } from './warn-once';

/**
 * Builds the event's attributes with `build` and adds the event to `span`. Fields `build` reports
 * as bad are left out and warned about once per helper; a missing span or options object skips
 * the event. Nothing escapes.
 */
export function emit<T extends object>(span: Span, helper: string, eventName: string, input: T, build: (input: T, bad: (field: string) => void) => Attributes): void {
  try {
    if (typeof input !== 'object' || input === null) {
      warnOnce(helper, `${helper}: expected an options object, got ${input === null ? 'null' : typeof input}; no event recorded`);
      return;
    }
    const badFields: string[] = [];
    const attributes = build(input, (field) => badFields.push(field));
    if (badFields.length > 0) warnOnce(helper, `${helper}: invalid ${badFields.join(', ')} left out of the ${eventName} event`);
    span.addEvent(eventName, attributes);
  } catch (error) {
    warnOnce(helper, `${helper} could not record the ${eventName} event`, error);
  }
}
