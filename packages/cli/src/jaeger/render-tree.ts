import type { TraceSpan } from './trace-span';

const KIND_NAMES = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

/** Attributes shown beside a span in the tree, when present. */
const HIGHLIGHTED = [
  'gen_ai.request.model',
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.output_tokens',
  'agent_otel.cost.usd',
  'agent_otel.request.outcome',
  'gen_ai.tool.name',
  'http.response.status_code',
  'error.type',
];

/**
 * Renders a trace as an indented text tree: service, span name, kind, duration and the most useful
 * GenAI attributes. Spans whose parent is missing from the list are shown as roots.
 */
export function renderTraceTree(spans: TraceSpan[]): string {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, TraceSpan[]>();
  const roots: TraceSpan[] = [];
  for (const span of spans) {
    if (span.parentSpanId && ids.has(span.parentSpanId)) {
      const list = children.get(span.parentSpanId) ?? [];
      list.push(span);
      children.set(span.parentSpanId, list);
    } else {
      roots.push(span);
    }
  }
  const lines: string[] = [];
  const visit = (span: TraceSpan, prefix: string, last: boolean, depth: number) => {
    const branch = depth === 0 ? '' : last ? '└─ ' : '├─ ';
    lines.push(`${prefix}${branch}${describe(span)}`);
    const kids = children.get(span.spanId) ?? [];
    const nextPrefix = depth === 0 ? '' : prefix + (last ? '   ' : '│  ');
    kids.forEach((kid, i) => visit(kid, nextPrefix, i === kids.length - 1, depth + 1));
  };
  roots.forEach((root) => visit(root, '', true, 0));
  return lines.join('\n');
}

function describe(span: TraceSpan): string {
  const ms = Number(span.endNanos - span.startNanos) / 1e6;
  const extras = HIGHLIGHTED.filter((k) => span.attributes[k] !== undefined).map((k) => `${k}=${String(span.attributes[k])}`);
  const status = span.status.code === 2 ? ' ERROR' : '';
  return `[${span.service}] ${span.name} (${KIND_NAMES[span.kind] ?? span.kind}, ${ms.toFixed(1)} ms)${status}${extras.length ? '  ' + extras.join(' ') : ''}`;
}
