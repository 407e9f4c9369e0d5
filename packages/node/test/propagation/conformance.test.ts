/**
 * The conformance table through the propagator objects: the header lines as Node's HTTP server
 * presents them, extracted, then injected again for a child span (what a service sends on).
 * Agent-otel's propagator must give what the specifications require; `@opentelemetry/core`'s
 * must give what the table records for it, so the README stays true when core changes.
 */
import { defaultTextMapGetter, defaultTextMapSetter, propagation, ROOT_CONTEXT, trace, type Context, type TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { createW3CPropagator } from '../../src/propagation/create-w3c-propagator';
import {
  CONFORMANCE_CASES,
  coreOutcome,
  SECTIONS,
  nodeIncomingHeaders,
  TRACE_ID,
  type BaggageEntryView,
  type ConformanceCase,
  type Outcome,
} from '../helpers/w3c-conformance-cases';

const CHILD_SPAN_ID = 'aaaaaaaaaaaaaaaa';

/** What a service using `propagator` would see and send for the row's headers. */
function observe(propagator: TextMapPropagator, row: ConformanceCase) {
  const ctx = propagator.extract(ROOT_CONTEXT, nodeIncomingHeaders(row.headers), defaultTextMapGetter);
  const remote = trace.getSpanContext(ctx);
  const child: Context = remote ? trace.setSpanContext(ctx, { ...remote, spanId: CHILD_SPAN_ID, traceFlags: remote.traceFlags & 1, isRemote: false }) : ctx;
  const sent: Record<string, string> = {};
  propagator.inject(child, sent, defaultTextMapSetter);
  const baggage: Record<string, BaggageEntryView> = {};
  for (const [key, entry] of propagation.getBaggage(ctx)?.getAllEntries() ?? []) {
    baggage[key] = entry.metadata === undefined ? { value: entry.value } : { value: entry.value, metadata: entry.metadata.toString() };
  }
  return { traceId: remote?.traceId, sent, baggage };
}

function check(propagator: TextMapPropagator, row: ConformanceCase, expected: Outcome): void {
  const { traceId, sent, baggage } = observe(propagator, row);
  if (expected.trace === 'continue') {
    expect(traceId).toBe(TRACE_ID);
    expect(sent.traceparent).toMatch(new RegExp(`^00-${TRACE_ID}-${CHILD_SPAN_ID}-0[0-3]$`));
    if (expected.sampled !== undefined) expect((parseInt(sent.traceparent.slice(-2), 16) & 1) === 1).toBe(expected.sampled);
    if (expected.flags !== undefined) expect(sent.traceparent.slice(-2)).toBe(expected.flags);
  } else {
    expect(traceId).toBeUndefined();
    expect(sent.traceparent).toBeUndefined();
  }
  expect(sent.tracestate ?? null).toBe(expected.tracestate ?? null);
  expect(baggage).toEqual(expected.baggage ?? {});
  expect(sent.baggage ?? null).toBe(expected.baggageHeader ?? null);
}

describe('W3C conformance table through the propagator objects', () => {
  const ours = createW3CPropagator();
  const core = new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] });

  it.each(CONFORMANCE_CASES.map((row) => [row.id, row] as const))('agent-otel: %s', (_id, row) => {
    check(ours, row, row.expect);
  });

  it.each(CONFORMANCE_CASES.map((row) => [row.id, row] as const))('@opentelemetry/core: %s', (_id, row) => {
    check(core, row, coreOutcome(row));
  });

  it('has unique row ids', () => {
    expect(new Set(CONFORMANCE_CASES.map((r) => r.id)).size).toBe(CONFORMANCE_CASES.length);
  });

  it('cites a section of the specification for every row, and only for rows that exist', () => {
    expect(CONFORMANCE_CASES.filter((r) => !SECTIONS[r.id]).map((r) => r.id)).toEqual([]);
    expect(Object.keys(SECTIONS).filter((id) => !CONFORMANCE_CASES.some((r) => r.id === id))).toEqual([]);
  });
});
