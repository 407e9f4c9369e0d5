import { SpanStatusCode, type AttributeValue, type Attributes } from '@opentelemetry/api';
import type { SdkSpan as Span, TimedEvent } from '@agent-otel/capture';
import { ATTR_NORMALIZED_FROM, ATTR_REDACTION_COUNT, ATTR_REDACTION_REMOVED, ATTR_TRUNCATED, ATTR_TRUNCATED_MESSAGES } from '../attributes';
import { ContentClassifier, type ContentKind } from './content-kinds';
import type { RedactionMode, ResolvedRedaction } from './redaction-options';
import { Scrubber } from './scrubber';
import { eventAttributes, removeAttribute, setEventAttribute } from './span-edit';

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
 * Applies the redaction mode of each content kind to a span's attributes, its events' attributes
 * and its status message, in place, while the span is still writable.
 */
export class SpanRedactor {
  private readonly classifier = new ContentClassifier();
  private readonly scrubber: Scrubber;

  constructor(private readonly options: ResolvedRedaction) {
    this.scrubber = new Scrubber(options.detectors, options.salt);
  }

  /** Redacts `span`; adds what it did to `counters`. */
  redact(span: Span, counters: RedactionCounters): void {
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
    detections += this.redactStatus(span, removed, counters);
    if (detections > 0) {
      counters.detections += detections;
      const previous = attributes[ATTR_REDACTION_COUNT];
      span.setAttribute(ATTR_REDACTION_COUNT, (typeof previous === 'number' ? previous : 0) + detections);
    }
    if (removed.size > 0) span.setAttribute(ATTR_REDACTION_REMOVED, [...removed]);
  }

  /**
   * Fail-closed cleanup after an unexpected error: removes every attribute, event attribute and
   * status message that is content of a kind not kept in full. Never throws.
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
      if (span.status.message && this.options.modes.errors !== 'full') span.setStatus({ code: SpanStatusCode.ERROR, message: FAIL_CLOSED_VALUE });
    } catch {
      // Nothing more can be done from inside a span processor.
    }
  }

  private redactEvent(event: TimedEvent, counters: RedactionCounters): number {
    const attributes = event.attributes;
    if (attributes === undefined) return 0;
    const eventKind = this.classifier.kindOfEvent(event.name);
    let detections = 0;
    const removed: string[] = [];
    for (const key of Object.keys(attributes)) {
      if (OWN_MARKERS.has(key)) continue;
      const mode = this.modeOf(this.classifier.kindOfKey(key) ?? eventKind);
      if (mode === 'full') continue;
      if (mode === 'none') {
        if (setEventAttribute(event, key, undefined)) {
          removed.push(key);
          counters.removed++;
        } else {
          setEventAttribute(event, key, FAIL_CLOSED_VALUE);
          counters.failures++;
        }
        continue;
      }
      const result = this.scrubValue(attributes[key], mode, counters);
      if (result === undefined) continue;
      detections += result.count;
      if (!setEventAttribute(event, key, result.value)) counters.failures++;
    }
    const markers: Attributes | undefined = detections > 0 || removed.length > 0 ? eventAttributes(event) : undefined;
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

  private modeOf(kind: ContentKind | undefined): RedactionMode {
    return kind === undefined ? this.options.otherAttributes : this.options.modes[kind];
  }
}
