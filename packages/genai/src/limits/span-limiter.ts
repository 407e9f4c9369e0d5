import type { AttributeValue, Attributes } from '@opentelemetry/api';
import type { SdkSpan as Span } from '@agent-otel/capture';
import { ATTR_TRUNCATED, ATTR_TRUNCATED_MESSAGES } from '../attributes';
import { eventAttributes, removeAttribute, setEventAttribute, type AttributeHolder } from '../redaction/span-edit';
import { PRE_CUT_HEADROOM, PRE_CUT_TAIL, type ResolvedLimits } from './limit-options';
import { FLATTENED_MESSAGE_PREFIXES, JSON_MESSAGE_KEYS, limitFlattenedMessages, limitJsonMessages } from './message-limit';
import { encodeNonFinite } from './non-finite';
import { commonCap, dropCutTails, truncateJson, truncateText } from './truncate';

/** Counters a {@link SpanLimiter} adds to. */
export interface LimitCounters {
  /** Attribute values cut to the length limits, or message lists cut to the message limit. */
  truncated: number;
}

/** Where an attribute lives: on the span itself, or on one of its events or links. */
type Owner = Span | AttributeHolder;

/** What one pass cut, per owner, for the `agent_otel.truncated` markers. */
type CutLog = Map<Owner, Set<string>>;

/**
 * Enforces the limits on a span in place: the message count, the length of each value and the
 * content of the span in total, and the encoding of non-finite numbers. Records what it cut in
 * `agent_otel.truncated` (keys; on an event or link, that one's keys) and
 * `agent_otel.truncated.messages` (messages dropped).
 *
 * Two passes: {@link preCut} before redaction cuts only what is far beyond the limits (to the
 * limits plus {@link PRE_CUT_HEADROOM}), so redaction's cost is bounded; {@link limitSpan} after
 * it, when the first pass cut anything, drops the last {@link PRE_CUT_TAIL} units before every
 * marker on the span (what an earlier cut halved, which no detector could recognise), then
 * applies the exact limits.
 */
export class SpanLimiter {
  private readonly lengthLimited: boolean;

  constructor(private readonly limits: ResolvedLimits) {
    this.lengthLimited = limits.maxAttributeValueLength !== Infinity || limits.maxSpanContentLength !== Infinity;
  }

  /** Whether any limit is set; without one the limiter has nothing to do. */
  get active(): boolean {
    return this.lengthLimited || this.limits.maxMessages !== Infinity || this.limits.nonFiniteNumbers === 'string';
  }

  /**
   * Cuts, before redaction, what is longer than the limits plus {@link PRE_CUT_HEADROOM}. Returns
   * whether it cut anything: pass that to {@link limitSpan}, which then drops what the cut halved.
   */
  preCut(span: Span, counters: LimitCounters): boolean {
    if (!this.lengthLimited) return false;
    const cuts: CutLog = new Map();
    this.limitLengths(span, this.limits.maxAttributeValueLength + PRE_CUT_HEADROOM, this.limits.maxSpanContentLength + PRE_CUT_HEADROOM, false, cuts);
    this.record(span, cuts, 0, counters);
    return cuts.size > 0;
  }

  /**
   * Applies every limit to `span`. With `preCut` (what {@link preCut} returned), first drops the
   * last {@link PRE_CUT_TAIL} units before every marker on the span.
   */
  limitSpan(span: Span, counters: LimitCounters, preCut = false): void {
    const cuts: CutLog = new Map();
    const droppedMessages = this.limits.maxMessages === Infinity ? 0 : this.limitMessages(span, cuts);
    if (preCut) this.forEachString(span, (value) => dropCutTails(value, PRE_CUT_TAIL));
    this.limitLengths(span, this.limits.maxAttributeValueLength, this.limits.maxSpanContentLength, this.limits.nonFiniteNumbers === 'string', cuts);
    this.record(span, cuts, droppedMessages, counters);
  }

  /**
   * Writes `attributes` the span does not have yet, under the same limits, and records the cut
   * keys. Used for attributes derived after the limits ran (OpenInference names).
   */
  writeNew(span: Span, attributes: Attributes, counters: LimitCounters): void {
    const existing = span.attributes;
    const toWrite: Attributes = {};
    for (const key of Object.keys(attributes)) if (existing[key] === undefined) toWrite[key] = attributes[key];
    span.setAttributes(toWrite);
    if (!this.lengthLimited) return;
    const cuts: CutLog = new Map();
    this.limitLengths(span, this.limits.maxAttributeValueLength, this.limits.maxSpanContentLength, false, cuts);
    this.record(span, cuts, 0, counters);
  }

  private limitMessages(span: Span, cuts: CutLog): number {
    const max = this.limits.maxMessages;
    let dropped = 0;
    for (const key of JSON_MESSAGE_KEYS) {
      const value = span.attributes[key];
      if (typeof value !== 'string') continue;
      const limited = limitJsonMessages(value, max);
      if (limited === undefined) continue;
      span.setAttribute(key, limited.value);
      logCut(cuts, span, key);
      dropped += limited.dropped;
    }
    for (const prefix of FLATTENED_MESSAGE_PREFIXES) {
      const limited = limitFlattenedMessages(span.attributes, prefix, max);
      if (limited === undefined) continue;
      for (const key of limited.remove) removeAttribute(span, key);
      span.setAttributes(limited.set);
      logCut(cuts, span, `${prefix}*`);
      dropped += limited.dropped;
    }
    return dropped;
  }

  /**
   * One pass over every attribute of the span, its events and links: cuts each string to
   * `maxValue` and, with `encodeNumbers`, writes non-finite numbers as strings; then, when the
   * strings add up to more than `maxTotal`, cuts the longest to one common length so they fit.
   */
  private limitLengths(span: Span, maxValue: number, maxTotal: number, encodeNumbers: boolean, cuts: CutLog): void {
    let total = this.limitOwner(span, span, maxValue, encodeNumbers, cuts);
    for (const event of span.events) total += this.limitOwner(span, event, maxValue, encodeNumbers, cuts);
    const links = span.links;
    if (links !== undefined) for (const link of links) total += this.limitOwner(span, link, maxValue, encodeNumbers, cuts);
    if (total > maxTotal) this.fitTotal(span, maxTotal, cuts);
  }

  /** {@link limitLengths} for the attributes of one owner; returns their string units after the cuts. */
  private limitOwner(span: Span, owner: Owner, maxValue: number, encodeNumbers: boolean, cuts: CutLog): number {
    const attributes = owner.attributes;
    if (attributes === undefined) return 0;
    let total = 0;
    for (const key in attributes) {
      const value = attributes[key];
      if (typeof value === 'string') {
        // The common case, first: a string within the limit.
        if (value.length <= maxValue) {
          total += value.length;
          continue;
        }
        const cut = cutString(value, maxValue)!;
        write(span, owner, key, cut);
        logCut(cuts, owner, key);
        total += cut.length;
      } else if (typeof value === 'number') {
        if (encodeNumbers && !Number.isFinite(value)) write(span, owner, key, String(value));
      } else if (Array.isArray(value)) {
        let next = (encodeNumbers ? encodeNonFinite(value) : undefined) ?? value;
        const items = mapStrings(next, (item) => cutString(item, maxValue));
        if (items !== undefined) logCut(cuts, owner, key);
        next = items ?? next;
        if (next !== value) write(span, owner, key, next);
        for (const item of next as unknown[]) if (typeof item === 'string') total += item.length;
      }
    }
    return total;
  }

  /** Replaces each string value (and string array element) of the span, its events and links for which `fn` returns one. */
  private forEachString(span: Span, fn: (value: string) => string | undefined): void {
    for (const owner of owners(span)) {
      const attributes = owner.attributes;
      if (attributes === undefined) continue;
      for (const key of Object.keys(attributes)) {
        const value = attributes[key];
        const next = typeof value === 'string' ? fn(value) : Array.isArray(value) ? mapStrings(value, fn) : undefined;
        if (next !== undefined) write(span, owner, key, next);
      }
    }
  }

  /** Cuts the longest strings of the span, its events and links to one common length, so they add up to at most `maxTotal`. */
  private fitTotal(span: Span, maxTotal: number, cuts: CutLog): void {
    const lengths: number[] = [];
    for (const owner of owners(span)) {
      for (const value of Object.values(owner.attributes ?? {})) {
        if (typeof value === 'string') lengths.push(value.length);
        else if (Array.isArray(value)) for (const item of value) if (typeof item === 'string') lengths.push(item.length);
      }
    }
    const cap = commonCap(lengths, maxTotal);
    for (const owner of owners(span)) {
      const attributes = owner.attributes;
      if (attributes === undefined) continue;
      for (const key of Object.keys(attributes)) {
        const value = attributes[key];
        const next = typeof value === 'string' ? cutString(value, cap) : Array.isArray(value) ? mapStrings(value, (item) => cutString(item, cap)) : undefined;
        if (next === undefined) continue;
        write(span, owner, key, next);
        logCut(cuts, owner, key);
      }
    }
  }

  private record(span: Span, cuts: CutLog, droppedMessages: number, counters: LimitCounters): void {
    for (const [owner, keys] of cuts) {
      const attributes = owner === span ? span.attributes : eventAttributes(owner as AttributeHolder);
      if (attributes === undefined) continue;
      const previous = attributes[ATTR_TRUNCATED];
      const listed = new Set<string>(Array.isArray(previous) ? previous.filter((k): k is string => typeof k === 'string') : []);
      const before = listed.size;
      for (const key of keys) listed.add(key);
      counters.truncated += listed.size - before;
      write(span, owner, ATTR_TRUNCATED, [...listed]);
    }
    if (droppedMessages > 0) span.setAttribute(ATTR_TRUNCATED_MESSAGES, droppedMessages);
  }
}

/** The span, then its events, then its links. */
function owners(span: Span): Owner[] {
  return [span, ...span.events, ...(span.links ?? [])];
}

function write(span: Span, owner: Owner, key: string, value: AttributeValue): void {
  if (owner === span) span.setAttribute(key, value);
  else setEventAttribute(owner as AttributeHolder, key, value);
}

function logCut(cuts: CutLog, owner: Owner, key: string): void {
  let keys = cuts.get(owner);
  if (keys === undefined) cuts.set(owner, (keys = new Set()));
  keys.add(key);
}

/** The array with `fn` applied to its strings (undefined from `fn`: unchanged), or undefined when none changed. */
function mapStrings(value: AttributeValue, fn: (item: string) => string | undefined): AttributeValue | undefined {
  if (!Array.isArray(value)) return undefined;
  let changed = false;
  const items = value.map((item: unknown) => {
    if (typeof item !== 'string') return item;
    const next = fn(item);
    if (next === undefined) return item;
    changed = true;
    return next;
  });
  return changed ? (items as AttributeValue) : undefined;
}

/** `value` cut to `max` (JSON kept valid), or undefined when it fits. */
function cutString(value: string, max: number): string | undefined {
  if (value.length <= max) return undefined;
  const first = value.charCodeAt(0);
  return first === 0x5b || first === 0x7b ? truncateJson(value, max) : truncateText(value, max);
}
