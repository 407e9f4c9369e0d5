/** A span as Jaeger's query API (`/api/traces/<id>`) returns it. */
export interface JaegerSpan {
  spanID: string;
  operationName: string;
  tags: Array<{ key: string; value: unknown }>;
}

/** The trace's spans from Jaeger's query API once `count` of them are there; throws after 20 s naming the trace. */
export async function readTrace(queryUrl: string, traceId: string, count: number): Promise<JaegerSpan[]> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const response = await fetch(`${queryUrl}/api/traces/${traceId}`);
    if (response.ok) {
      const body = (await response.json()) as { data?: Array<{ spans: JaegerSpan[] }> };
      const spans = body.data?.[0]?.spans ?? [];
      if (spans.length >= count) return spans;
    }
    if (Date.now() > deadline) throw new Error(`trace ${traceId} did not reach ${count} spans in Jaeger`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The value of one tag of `span`. */
export const tag = (span: JaegerSpan, key: string): unknown => span.tags.find((t) => t.key === key)?.value;
