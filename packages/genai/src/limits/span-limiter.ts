import type { AttributeValue, Attributes } from '@opentelemetry/api';
import type { SdkSpan as Span } from '@agent-otel/capture';
import { ATTR_TRUNCATED, ATTR_TRUNCATED_MESSAGES } from '../attributes';
import { eventAttributes, removeAttribute, setEventAttribute } from '../redaction/span-edit';
import type { ResolvedLimits } from './limit-options';
import { FLATTENED_MESSAGE_PREFIXES, JSON_MESSAGE_KEYS, limitFlattenedMessages, limitJsonMessages } from './message-limit';
import { truncateJson, truncateText } from './truncate';

/** Counters a {@link SpanLimiter} adds to. */
export interface LimitCounters {
  /** Attribute values cut to the length limit, or message lists cut to the message limit. */
  truncated: number;
}

/**
 * Enforces the message-count and value-length limits on a span in place, and records what it cut
 * in `agent_otel.truncated` (keys) and `agent_otel.truncated.messages` (messages dropped); event
 * attributes cut get `agent_otel.truncated` on the event.
 */
export class SpanLimiter {
  constructor(private readonly limits: ResolvedLimits) {}

  /** Whether any limit is set; without one the limiter has nothing to do. */
  get active(): boolean {
    return this.limits.maxAttributeValueLength !== Infinity || this.limits.maxMessages !== Infinity;
  }

  /** Applies both limits to `span`. */
  limitSpan(span: Span, counters: LimitCounters): void {
    const truncated = new Set<string>();
    let droppedMessages = 0;
    if (this.limits.maxMessages !== Infinity) droppedMessages = this.limitMessages(span, truncated);
    const max = this.limits.maxAttributeValueLength;
    if (max !== Infinity) {
      const attributes = span.attributes;
      for (const key of Object.keys(attributes)) {
        const value = this.limitValue(attributes[key], max);
        if (value === undefined) continue;
        span.setAttribute(key, value);
        truncated.add(key);
      }
      for (const event of span.events) {
        const cut: string[] = [];
        for (const key of Object.keys(event.attributes ?? {})) {
          const value = this.limitValue(event.attributes![key], max);
          if (value !== undefined && setEventAttribute(event, key, value)) cut.push(key);
        }
        if (cut.length === 0) continue;
        counters.truncated += cut.length;
        const markers = eventAttributes(event);
        if (markers !== undefined) markers[ATTR_TRUNCATED] = cut;
      }
    }
    counters.truncated += truncated.size;
    this.record(span, truncated, droppedMessages);
  }

  /**
   * Writes `attributes` the span does not have yet, each cut to the length limit, and records the
   * cut keys. Used for attributes derived after the limits ran (OpenInference names).
   */
  writeNew(span: Span, attributes: Attributes, counters: LimitCounters): void {
    const existing = span.attributes;
    const max = this.limits.maxAttributeValueLength;
    const truncated = new Set<string>();
    const toWrite: Attributes = {};
    for (const key of Object.keys(attributes)) {
      if (existing[key] !== undefined) continue;
      const value = attributes[key];
      const cut = max === Infinity ? undefined : this.limitValue(value, max);
      toWrite[key] = cut ?? value;
      if (cut !== undefined) truncated.add(key);
    }
    span.setAttributes(toWrite);
    counters.truncated += truncated.size;
    this.record(span, truncated, 0);
  }

  private limitMessages(span: Span, truncated: Set<string>): number {
    const max = this.limits.maxMessages;
    let dropped = 0;
    for (const key of JSON_MESSAGE_KEYS) {
      const value = span.attributes[key];
      if (typeof value !== 'string') continue;
      const limited = limitJsonMessages(value, max);
      if (limited === undefined) continue;
      span.setAttribute(key, limited.value);
      truncated.add(key);
      dropped += limited.dropped;
    }
    for (const prefix of FLATTENED_MESSAGE_PREFIXES) {
      const limited = limitFlattenedMessages(span.attributes, prefix, max);
      if (limited === undefined) continue;
      for (const key of limited.remove) removeAttribute(span, key);
      span.setAttributes(limited.set);
      truncated.add(`${prefix}*`);
      dropped += limited.dropped;
    }
    return dropped;
  }

  /** The value cut to `max`, or undefined when it fits (or is not a string). */
  private limitValue(value: AttributeValue | undefined, max: number): AttributeValue | undefined {
    if (typeof value === 'string') return value.length > max ? cutString(value, max) : undefined;
    if (!Array.isArray(value)) return undefined;
    let changed = false;
    const items = value.map((item) => {
      if (typeof item !== 'string' || item.length <= max) return item;
      changed = true;
      return cutString(item, max);
    });
    return changed ? (items as AttributeValue) : undefined;
  }

  private record(span: Span, truncated: ReadonlySet<string>, droppedMessages: number): void {
    if (truncated.size > 0) {
      const previous = span.attributes[ATTR_TRUNCATED];
      const keys = new Set<string>(Array.isArray(previous) ? (previous.filter((k) => typeof k === 'string') as string[]) : []);
      for (const key of truncated) keys.add(key);
      span.setAttribute(ATTR_TRUNCATED, [...keys]);
    }
    if (droppedMessages > 0) span.setAttribute(ATTR_TRUNCATED_MESSAGES, droppedMessages);
  }
}

function cutString(value: string, max: number): string {
  const first = value.charCodeAt(0);
  return first === 0x5b || first === 0x7b ? truncateJson(value, max) : truncateText(value, max);
}
