'use strict';
/**
 * The targets of issues 3, 4 and 12, each with where its figure comes from and the stock figure of the
 * same run it is compared with. A target is met when the median over runs is within the limit.
 */

const us = ns => ns / 1000;

/**
 * `who` names the configuration measured; `ours`/`stock` are `{ key, pick }` (job key and the figure
 * read from one run's result); `atMost` / `atLeast` is the limit in `unit`, or `atMostTimesStock`
 * a limit on ours ÷ stock (medians).
 */
const TARGETS = [
  {
    issue: 12,
    label: 'register() defaults, LLM span: span.end() p50 at 5k spans/s',
    unit: 'µs',
    atMost: 1,
    who: '(f)',
    ours: { key: 'product:register-defaults:llm', pick: r => us(r.endNs.p50) },
    stock: { key: 'product:stock:llm', pick: r => us(r.endNs.p50) },
  },
  {
    issue: 12,
    label: 'register() defaults, LLM span: span.end() p99 at 5k spans/s',
    unit: 'µs',
    atMost: 5,
    who: '(f)',
    ours: { key: 'product:register-defaults:llm', pick: r => us(r.endNs.p99) },
    stock: { key: 'product:stock:llm', pick: r => us(r.endNs.p99) },
  },
  {
    issue: 12,
    label: 'register() defaults, LLM span: create+end p50, relative to stock',
    unit: 'µs',
    atMostTimesStock: 1.5,
    who: '(f)',
    ours: { key: 'product:register-defaults:llm', pick: r => us(r.createEndNs.p50) },
    stock: { key: 'product:stock:llm', pick: r => us(r.createEndNs.p50) },
  },
  {
    issue: 12,
    label: 'register() defaults, LLM span: CPU per span, foreground + background, relative to stock',
    unit: 'µs',
    atMostTimesStock: 1,
    who: '(f)',
    ours: { key: 'product:register-defaults:llm', pick: r => r.cpuMicrosPerSpan },
    stock: { key: 'product:stock:llm', pick: r => r.cpuMicrosPerSpan },
  },
  {
    issue: 12,
    label: 'register() defaults: spans lost in a synchronous burst of 2,048 LLM spans',
    unit: 'spans',
    atMost: 0,
    who: '(f)',
    noRatio: true,
    ours: { key: 'burst:register-defaults', pick: r => r.lost },
    stock: { key: 'burst:stock', pick: r => r.lost },
  },
  {
    issue: 3,
    label: 'span.end() p50 at 20k spans/s',
    unit: 'µs',
    atMost: 0.3,
    who: '(d)',
    ours: { key: 'window:ring-fast:20000', pick: r => us(r.endNs.p50) },
    stock: { key: 'window:stock:20000', pick: r => us(r.endNs.p50) },
  },
  {
    issue: 3,
    label: 'span.end() p99 at 20k spans/s',
    unit: 'µs',
    atMost: 1,
    who: '(d)',
    ours: { key: 'window:ring-fast:20000', pick: r => us(r.endNs.p99) },
    stock: { key: 'window:stock:20000', pick: r => us(r.endNs.p99) },
  },
  {
    issue: 3,
    label: 'span.end() max at 20k spans/s',
    unit: 'µs',
    atMost: 100,
    who: '(d)',
    ours: { key: 'window:ring-fast:20000', pick: r => us(r.endNs.max) },
    stock: { key: 'window:stock:20000', pick: r => us(r.endNs.max) },
  },
  {
    issue: 3,
    label: 'event-loop delay p99 at 20k spans/s',
    unit: 'ms',
    atMost: 2,
    who: '(d)',
    ours: { key: 'window:ring-fast:20000', pick: r => r.eventLoopDelayMs.p99 },
    stock: { key: 'window:stock:20000', pick: r => r.eventLoopDelayMs.p99 },
  },
  {
    issue: 3,
    label: 'event-loop delay max at 20k spans/s',
    unit: 'ms',
    atMost: 5,
    who: '(d)',
    ours: { key: 'window:ring-fast:20000', pick: r => r.eventLoopDelayMs.max },
    stock: { key: 'window:stock:20000', pick: r => r.eventLoopDelayMs.max },
  },
  {
    issue: 3,
    label: 'encoding, per LLM-shaped span (batch of 512)',
    unit: 'µs',
    atMost: 5,
    who: 'fast encoder',
    ours: { key: 'encoder:fast', pick: r => r.usPerSpan },
    stock: { key: 'encoder:otlp-proto', pick: r => r.usPerSpan },
  },
  {
    issue: 3,
    label: 'highest zero-drop rate (sink in another process)',
    unit: 'spans/s',
    atLeast: 60000,
    who: '(d)',
    ours: { key: 'search:ring-fast', pick: r => r.maxLossless },
    stock: { key: 'search:stock', pick: r => r.maxLossless },
  },
  {
    issue: 3,
    label: 'uncounted losses at 20k spans/s (lost − counted drops)',
    unit: 'spans',
    atMost: 0,
    who: '(d)',
    noRatio: true,
    ours: { key: 'window:ring-fast:20000', pick: r => (r.lost === null || r.countedDrops === null ? null : r.lost - r.countedDrops) },
    stock: { key: 'window:stock:20000', pick: r => r.lost },
  },
  {
    issue: 4,
    label: 'complete mode: span.end() p50 at 20k spans/s',
    unit: 'µs',
    atMost: 10,
    who: '(e)',
    ours: { key: 'window:wal-complete:20000', pick: r => us(r.endNs.p50) },
    stock: { key: 'window:stock:20000', pick: r => us(r.endNs.p50) },
  },
  {
    issue: 4,
    label: 'complete mode: span.end() p99 at 20k spans/s',
    unit: 'µs',
    atMost: 50,
    who: '(e)',
    ours: { key: 'window:wal-complete:20000', pick: r => us(r.endNs.p99) },
    stock: { key: 'window:stock:20000', pick: r => us(r.endNs.p99) },
  },
  {
    issue: 4,
    label: 'critical mode: confirmation p50 (durable + sink 2xx)',
    unit: 'ms',
    atMost: 2,
    who: 'critical',
    ours: { key: 'critical:latency', pick: r => r.confirmMs.p50 },
  },
  {
    issue: 4,
    label: 'fdatasync-durable spans/s with group commit',
    unit: 'spans/s',
    atLeast: 20000,
    who: 'WAL',
    ours: { key: 'wal:group-commit', pick: r => r.durablePerSecond },
  },
];

/** "met", "not met" or "not measured" for a target given the summary of its figure (and of stock's). */
function verdict(target, summary, stockSummary) {
  if (!summary || summary.n === 0) return 'not measured';
  if (target.atMostTimesStock !== undefined) {
    if (!stockSummary || stockSummary.n === 0 || !(stockSummary.median > 0)) return 'not measured';
    return summary.median / stockSummary.median <= target.atMostTimesStock ? 'met' : '**not met**';
  }
  const ok = target.atMost !== undefined ? summary.median <= target.atMost : summary.median >= target.atLeast;
  return ok ? 'met' : '**not met**';
}

/** The limit as text, e.g. "≤ 0.3 µs" or "≤ 1.5× stock". */
function limitText(target) {
  if (target.atMostTimesStock !== undefined) return `≤ ${target.atMostTimesStock}× stock`;
  const value = target.atMost !== undefined ? target.atMost : target.atLeast;
  const shown = value >= 1000 ? value.toLocaleString('en-US') : String(value);
  return `${target.atMost !== undefined ? '≤' : '≥'} ${shown} ${target.unit}`;
}

module.exports = { TARGETS, verdict, limitText };
