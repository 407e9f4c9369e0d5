import { SpanStatusCode, type AttributeValue, type Attributes } from '@opentelemetry/api';
import type { SdkSpan as Span, TimedEvent } from '@agent-otel/capture';
import { ATTR_NORMALIZED_FROM, ATTR_REDACTION_COUNT, ATTR_REDACTION_REMOVED, ATTR_TRUNCATED, ATTR_TRUNCATED_MESSAGES } from '../attributes';
import { ContentClassifier, type ContentKind } from './content-kinds';
import type { RedactionMode, ResolvedRedaction } from './redaction-options';
import { ResourceRedactor } from './redacted-resource';
import { Scrubber } from './scrubber';
import { forgetScreenedText } from './text-screen';
import { eventAttributes, removeAttribute, setEventAttribute, setEventName, setResource, type AttributeHolder } from './span-edit';

/** Counters a {@link SpanRedactor} adds to. */
export interface RedactionCounters {
  /** Detected values masked or hashed. */
  detections: number;
  /** Attributes removed by mode `none`. */
  removed: number;
  /** Values replaced whole because a detector threw or an edit failed (fail closed). */
  failures: number;
}

/** Whole-value replacement when a value could not be scrubbed: nothing of it is kept. */
export const FAIL_CLOSED_VALUE = '[REDACTED]';
const STATUS_MESSAGE = 'status.message';
/** Markers agent-otel writes itself; never scanned. */
const OWN_MARKERS: ReadonlySet<string> = new Set([ATTR_REDACTION_COUNT, ATTR_REDACTION_REMOVED, ATTR_TRUNCATED, ATTR_TRUNCATED_MESSAGES, ATTR_NORMALIZED_FROM]);

/**
 * Applies the redaction mode of each content kind to a span's attributes, its events' and links'
 * attributes and its status message, in place, while the span is still writable. With
 * `otherAttributes` other than `full`, also the span name, event names and the resource (through a
 * redacted view, built once per resource).
 */
export class SpanRedactor {
  private readonly classifier = new ContentClassifier();
  private readonly scrubber: Scrubber;
  private readonly resources: ResourceRedactor | undefined;
  /** Counters the resource views add to (set on the first span; the processor passes the same object every time). */
  private resourceCounters: RedactionCounters | undefined;

  constructor(private readonly options: ResolvedRedaction) {
    this.scrubber = new Scrubber(options.detectors, options.salt);
    this.resources =
      options.otherAttributes === 'full'
        ? undefined
        : new ResourceRedactor({
            attributes: (attributes) => this.scrubResourceAttributes(attributes),
            value: (key, value) => this.scrubResourceValue(key, value),
          });
  }

  /** Redacts `span`; adds what it did to `counters`. */
  redact(span: Span, counters: RedactionCounters): void {
    try {
      this.redactSpan(span, counters);
    } finally {
      forgetScreenedText();
    }
  }

  private redactSpan(span: Span, counters: RedactionCounters): void {
    let detections = 0;
    const removed = new Set<string>();
    const attributes = span.attributes;
    for (const key of Object.keys(attributes)) {
      if (OWN_MARKERS.has(key)) continue;
      const mode = this.modeOf(this.classifier.kindOfKey(key));
      if (mode === 'full') continue;
      if (mode === 'none') {
        if (removeAttribute(span, key)) {
          removed.add(this.classifier.listOf(key) ?? key);
          counters.removed++;
        } else {
          span.setAttribute(key, FAIL_CLOSED_VALUE);
          counters.failures++;
        }
        continue;
      }
      const result = this.scrubValue(attributes[key], mode, counters);
      if (result !== undefined) {
        detections += result.count;
        span.setAttribute(key, result.value);
      }
    }
    for (const event of span.events) detections += this.redactEvent(event, counters);
    for (const link of span.links ?? []) detections += this.redactHolder(link, undefined, counters);
    detections += this.redactStatus(span, removed, counters);
    if (this.resources !== undefined) {
      detections += this.redactName(span, counters);
      this.resourceCounters ??= counters;
      const view = this.resources.view(span.resource);
      if (view !== span.resource && !setResource(span, view)) counters.failures++;
    }
    if (detections > 0) {
      counters.detections += detections;
      const previous = attributes[ATTR_REDACTION_COUNT];
      span.setAttribute(ATTR_REDACTION_COUNT, (typeof previous === 'number' ? previous : 0) + detections);
    }
    if (removed.size > 0) span.setAttribute(ATTR_REDACTION_REMOVED, [...removed]);
  }

  /**
   * Fail-closed cleanup after an unexpected error: removes every attribute, event and link
   * attribute and status message that is content of a kind not kept in full. Never throws.
   */
  dropContent(span: Span): void {
    try {
      for (const key of Object.keys(span.attributes)) {
        const kind = this.classifier.kindOfKey(key);
        if (kind !== undefined && this.options.modes[kind] !== 'full' && !removeAttribute(span, key)) span.setAttribute(key, FAIL_CLOSED_VALUE);
      }
      for (const event of span.events) {
        const eventKind = this.classifier.kindOfEvent(event.name);
        for (const key of Object.keys(event.attributes ?? {})) {
          const kind = this.classifier.kindOfKey(key) ?? eventKind;
          if (kind !== undefined && this.options.modes[kind] !== 'full') setEventAttribute(event, key, undefined);
        }
      }
      for (const link of span.links ?? []) {
        for (const key of Object.keys(link.attributes ?? {})) {
          const kind = this.classifier.kindOfKey(key);
          if (kind !== undefined && this.options.modes[kind] !== 'full') setEventAttribute(link, key, undefined);
        }
      }
      if (span.status.message && this.options.modes.errors !== 'full') span.setStatus({ code: SpanStatusCode.ERROR, message: FAIL_CLOSED_VALUE });
    } catch {
      // Nothing more can be done from inside a span processor.
    }
  }

  /** The span name, scanned in the `otherAttributes` mode. */
  private redactName(span: Span, counters: RedactionCounters): number {
    const result = this.scrubValue(span.name, this.options.otherAttributes as 'redacted' | 'hashed', counters);
    if (result === undefined || typeof result.value !== 'string') return 0;
    span.updateName(result.value);
    return result.count;
  }

  private redactEvent(event: TimedEvent, counters: RedactionCounters): number {
    const eventKind = this.classifier.kindOfEvent(event.name);
    let detections = 0;
    if (this.resources !== undefined) {
      const result = this.scrubValue(event.name, this.options.otherAttributes as 'redacted' | 'hashed', counters);
      if (result !== undefined && typeof result.value === 'string') {
        if (setEventName(event, result.value)) detections += result.count;
        else counters.failures++;
      }
    }
    return detections + this.redactHolder(event, eventKind, counters);
  }

  /** The attributes of an event or link: each key by its own kind, else `holderKind`, else `otherAttributes`. */
  private redactHolder(holder: AttributeHolder, holderKind: ContentKind | undefined, counters: RedactionCounters): number {
    const attributes = holder.attributes;
    if (attributes === undefined) return 0;
    let detections = 0;
    const removed: string[] = [];
    for (const key of Object.keys(attributes)) {
      if (OWN_MARKERS.has(key)) continue;
      const mode = this.modeOf(this.classifier.kindOfKey(key) ?? holderKind);
      if (mode === 'full') continue;
      if (mode === 'none') {
        if (setEventAttribute(holder, key, undefined)) {
          removed.push(key);
          counters.removed++;
        } else {
          setEventAttribute(holder, key, FAIL_CLOSED_VALUE);
          counters.failures++;
        }
        continue;
      }
      const result = this.scrubValue(attributes[key], mode, counters);
      if (result === undefined) continue;
      detections += result.count;
      if (!setEventAttribute(holder, key, result.value)) counters.failures++;
    }
    const markers: Attributes | undefined = detections > 0 || removed.length > 0 ? eventAttributes(holder) : undefined;
    if (markers !== undefined && detections > 0) markers[ATTR_REDACTION_COUNT] = detections;
    if (markers !== undefined && removed.length > 0) markers[ATTR_REDACTION_REMOVED] = removed;
    return detections;
  }

  private redactStatus(span: Span, removed: Set<string>, counters: RedactionCounters): number {
    const message = span.status.message;
    if (typeof message !== 'string' || message === '' || span.status.code !== SpanStatusCode.ERROR) return 0;
    const mode = this.options.modes.errors;
    if (mode === 'full') return 0;
    if (mode === 'none') {
      span.setStatus({ code: SpanStatusCode.ERROR });
      removed.add(STATUS_MESSAGE);
      counters.removed++;
      return 0;
    }
    const result = this.scrubValue(message, mode, counters);
    if (result === undefined || typeof result.value !== 'string') return 0;
    span.setStatus({ code: SpanStatusCode.ERROR, message: result.value });
    return result.count;
  }

  /** The scrubbed value when it changed, else undefined. A detector failure replaces the value whole. */
  private scrubValue(value: AttributeValue | undefined, mode: 'redacted' | 'hashed', counters: RedactionCounters): { value: AttributeValue; count: number } | undefined {
    try {
      if (typeof value === 'string') {
        const result = this.scrubber.scrub(value, mode);
        return result.count > 0 ? result : undefined;
      }
      if (typeof value === 'number') {
        if (!Number.isSafeInteger(value) || Math.abs(value) < 1_000_000) return undefined;
        const result = this.scrubber.scrubText(String(value), mode);
        return result.count > 0 ? result : undefined;
      }
      if (Array.isArray(value)) {
        let count = 0;
        const items = value.map((item) => {
          if (typeof item !== 'string') return item;
          const result = this.scrubber.scrub(item, mode);
          count += result.count;
          return result.value;
        });
        return count > 0 ? { value: items as AttributeValue, count } : undefined;
      }
      return undefined;
    } catch {
      counters.failures++;
      return { value: FAIL_CLOSED_VALUE, count: 0 };
    }
  }

  /** Resource attributes scrubbed by their modes (mode `none` drops them); undefined when none changed. */
  private scrubResourceAttributes(attributes: Attributes): Attributes | undefined {
    let out: Attributes | undefined;
    for (const key of Object.keys(attributes)) {
      const value = attributes[key];
      if (value === undefined) continue;
      const scrubbed = this.scrubResourceValue(key, value);
      if (scrubbed === undefined) continue;
      out ??= { ...attributes };
      if (scrubbed === null) delete out[key];
      else out[key] = scrubbed;
    }
    return out;
  }

  /** The scrubbed value, `null` to drop it (mode `none`), undefined when it stays as it is. */
  private scrubResourceValue(key: string, value: AttributeValue): AttributeValue | null | undefined {
    const counters = this.resourceCounters ?? { detections: 0, removed: 0, failures: 0 };
    const mode = this.modeOf(this.classifier.kindOfKey(key));
    if (mode === 'full') return undefined;
    if (mode === 'none') {
      counters.removed++;
      return null;
    }
    const result = this.scrubValue(value, mode, counters);
    if (result === undefined) return undefined;
    counters.detections += result.count;
    return result.value;
  }

  private modeOf(kind: ContentKind | undefined): RedactionMode {
    return kind === undefined ? this.options.otherAttributes : this.options.modes[kind];
  }
}
