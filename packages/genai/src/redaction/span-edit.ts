import type { AttributeValue, Attributes } from '@opentelemetry/api';
import type { ReadableSpan, SdkSpan as Span, TimedEvent } from '@agent-otel/capture';

/**
 * Edits of a span that the OTel span API has no call for, made while the span is still writable
 * (in `onEnding`). The SDK span (2.x, and 3.x alike) keeps its attributes and events as plain
 * objects, which are edited in place; every edit reports whether it took effect, so callers can
 * count what could not be done.
 */

/** Removes attribute `key` from `span`. Returns whether the span no longer has it. */
export function removeAttribute(span: Span, key: string): boolean {
  const attributes = span.attributes as Record<string, AttributeValue | undefined>;
  if (!Object.prototype.hasOwnProperty.call(attributes, key)) return true;
  try {
    delete attributes[key];
  } catch {
    return false;
  }
  return !Object.prototype.hasOwnProperty.call(attributes, key);
}

/** An event or a link of a span: something with its own attributes. */
export type AttributeHolder = TimedEvent | ReadableSpan['links'][number];

/** Replaces (or, with `undefined`, removes) attribute `key` of an event or link. Returns whether it took effect. */
export function setEventAttribute(event: AttributeHolder, key: string, value: AttributeValue | undefined): boolean {
  const attributes = event.attributes;
  if (attributes === undefined) return value === undefined;
  try {
    if (value === undefined) delete attributes[key];
    else attributes[key] = value;
  } catch {
    return false;
  }
  return attributes[key] === value;
}

/** Creates the attribute object of an event or link that has none, so markers can be added. */
export function eventAttributes(event: AttributeHolder): Attributes | undefined {
  if (event.attributes !== undefined) return event.attributes;
  try {
    (event as { attributes?: Attributes }).attributes = {};
  } catch {
    return undefined;
  }
  return event.attributes;
}

/** Renames an event. Returns whether it took effect. */
export function setEventName(event: TimedEvent, name: string): boolean {
  try {
    (event as { name: string }).name = name;
  } catch {
    return false;
  }
  return event.name === name;
}

/**
 * Points `span` at another resource (the SDK keeps it as a plain field), so the processors and
 * exporters after this one see `resource`. Returns whether it took effect.
 */
export function setResource(span: Span, resource: ReadableSpan['resource']): boolean {
  try {
    (span as { resource: ReadableSpan['resource'] }).resource = resource;
  } catch {
    return false;
  }
  return span.resource === resource;
}
