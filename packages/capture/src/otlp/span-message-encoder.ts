import type { HrTime, Link, SpanContext, SpanStatus } from '@opentelemetry/api';
import type { ReadableSpan, TimedEvent } from '../sdk-trace-types';
import { writeAttributes, type KeyCache } from './attribute-encoder';
import { ensureCapacity, finishMessage, putFixed32, putHrTimeFixed64, putVarint32, writeVarint, type ProtobufOutput } from './protobuf-writer';
import { writeString } from './string-writer';

/**
 * The `Span` message and its `Event`, `Link` and `Status` parts, field by field in the order and with
 * the presence rules of the official serializer (`trace/protobuf/trace-serializer.js` in
 * `@opentelemetry/otlp-transformer` 0.223): ids as bytes from hex, times as fixed64 nanoseconds,
 * kind offset by one, dropped counts always written, flags carrying the W3C trace flags plus the
 * has-is-remote / is-remote bits.
 */

const FLAG_HAS_IS_REMOTE = 0x100;
const FLAG_IS_REMOTE = 0x200;

/** Bytes reserved for a span's length prefix: spans of 128 B to 16 KiB need no move. */
const SPAN_LENGTH_PREFIX = 2;

function spanFlags(traceFlags: number, isRemote: boolean | undefined): number {
  let flags = (traceFlags & 0xff) | FLAG_HAS_IS_REMOTE;
  if (isRemote) flags |= FLAG_IS_REMOTE;
  return flags;
}

// The official `hexToBinary` digit rule, kept for any input, valid hex or not.
function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  return c - 55;
}

/** The byte two hex digits give, for every pair of char codes below 256 (64 KiB, built once). */
const HEX_PAIRS = new Uint8Array(256 * 256);
for (let high = 0; high < 256; high++) {
  for (let low = 0; low < 256; low++) {
    HEX_PAIRS[(high << 8) | low] = (hexDigit(high) << 4) | hexDigit(low);
  }
}

/** Writes `tag` and the hex id `hex` as a bytes field (two hex digits per byte) at `pos`. */
function writeHexId(out: ProtobufOutput, pos: number, tag: number, hex: string): number {
  const hexLength = hex.length;
  const n = Math.trunc(hexLength / 2);
  const buf = ensureCapacity(out, pos, 6 + n);
  buf[pos] = tag;
  let p = putVarint32(buf, pos + 1, n);
  for (let i = 0; i < hexLength - 1; i += 2) {
    const high = hex.charCodeAt(i);
    const low = hex.charCodeAt(i + 1);
    buf[p++] = (high | low) < 256 ? HEX_PAIRS[(high << 8) | low]! : (hexDigit(high) << 4) | hexDigit(low);
  }
  return p;
}

function writeTime(out: ProtobufOutput, pos: number, tag: number, time: HrTime): number {
  const buf = ensureCapacity(out, pos, 9);
  buf[pos] = tag;
  return putHrTimeFixed64(buf, pos + 1, time[0], time[1]);
}

function writeTaggedVarint(out: ProtobufOutput, pos: number, tag: number, value: number): number {
  ensureCapacity(out, pos, 1)[pos] = tag;
  return writeVarint(out, pos + 1, value);
}

function writeTaggedString(out: ProtobufOutput, pos: number, tag: number, value: string): number {
  ensureCapacity(out, pos, 1)[pos] = tag;
  return writeString(out, pos + 1, value);
}

function writeFlags(out: ProtobufOutput, pos: number, tag: number, flags: number): number {
  const buf = ensureCapacity(out, pos, 5);
  buf[pos] = tag;
  return putFixed32(buf, pos + 1, flags);
}

/** `Span.flags`: field 16, wire type 5, a two-byte tag. */
function writeSpanFlags(out: ProtobufOutput, pos: number, flags: number): number {
  const buf = ensureCapacity(out, pos, 6);
  buf[pos] = 0x85;
  buf[pos + 1] = 0x01;
  return putFixed32(buf, pos + 2, flags);
}

/** Writes `span` as a `ScopeSpans.spans` field (tag 2) at `pos`; returns the new position. */
export function writeSpan(out: ProtobufOutput, pos: number, span: ReadableSpan, keys: KeyCache): number {
  const ctx = span.spanContext();
  ensureCapacity(out, pos, 1 + SPAN_LENGTH_PREFIX)[pos] = 0x12;
  const lengthPos = pos + 1;
  let p = writeHexId(out, lengthPos + SPAN_LENGTH_PREFIX, 0x0a, ctx.traceId);
  p = writeHexId(out, p, 0x12, ctx.spanId);
  const traceState = ctx.traceState?.serialize();
  if (traceState) p = writeTaggedString(out, p, 0x1a, traceState);
  const parent = span.parentSpanContext;
  if (parent?.spanId) p = writeHexId(out, p, 0x22, parent.spanId);
  p = writeTaggedString(out, p, 0x2a, span.name);
  const kind = span.kind == null ? 0 : span.kind + 1;
  if (kind !== 0) p = writeTaggedVarint(out, p, 0x30, kind);
  p = writeTime(out, p, 0x39, span.startTime);
  p = writeTime(out, p, 0x41, span.endTime);
  if (span.attributes) p = writeAttributes(out, p, span.attributes, 0x4a, keys);
  p = writeTaggedVarint(out, p, 0x50, span.droppedAttributesCount);
  for (const event of span.events) p = writeEvent(out, p, event, keys);
  p = writeTaggedVarint(out, p, 0x60, span.droppedEventsCount);
  for (const link of span.links) p = writeLink(out, p, link, keys);
  p = writeTaggedVarint(out, p, 0x70, span.droppedLinksCount);
  p = writeStatus(out, p, span.status);
  p = writeSpanFlags(out, p, spanFlags(ctx.traceFlags, parent?.isRemote));
  return finishMessage(out, lengthPos, SPAN_LENGTH_PREFIX, p);
}

function writeEvent(out: ProtobufOutput, pos: number, event: TimedEvent, keys: KeyCache): number {
  ensureCapacity(out, pos, 2)[pos] = 0x5a;
  const lengthPos = pos + 1;
  let p = writeTime(out, lengthPos + 1, 0x09, event.time);
  p = writeTaggedString(out, p, 0x12, event.name);
  if (event.attributes) p = writeAttributes(out, p, event.attributes, 0x1a, keys);
  p = writeTaggedVarint(out, p, 0x20, event.droppedAttributesCount || 0);
  return finishMessage(out, lengthPos, 1, p);
}

function writeLink(out: ProtobufOutput, pos: number, link: Link, keys: KeyCache): number {
  ensureCapacity(out, pos, 2)[pos] = 0x6a;
  const lengthPos = pos + 1;
  const context: SpanContext = link.context;
  let p = writeHexId(out, lengthPos + 1, 0x0a, context.traceId);
  p = writeHexId(out, p, 0x12, context.spanId);
  const traceState = context.traceState?.serialize();
  if (traceState) p = writeTaggedString(out, p, 0x1a, traceState);
  if (link.attributes) p = writeAttributes(out, p, link.attributes, 0x22, keys);
  p = writeTaggedVarint(out, p, 0x28, link.droppedAttributesCount || 0);
  p = writeFlags(out, p, 0x35, spanFlags(context.traceFlags, context.isRemote));
  return finishMessage(out, lengthPos, 1, p);
}

function writeStatus(out: ProtobufOutput, pos: number, status: SpanStatus): number {
  ensureCapacity(out, pos, 2)[pos] = 0x7a;
  const lengthPos = pos + 1;
  let p = lengthPos + 1;
  if (status.message) p = writeTaggedString(out, p, 0x12, status.message);
  p = writeTaggedVarint(out, p, 0x18, status.code);
  return finishMessage(out, lengthPos, 1, p);
}
