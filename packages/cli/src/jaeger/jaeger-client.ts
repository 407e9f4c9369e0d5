import type { OtlpJsonTraces } from './otlp-json';
import { flattenOtlpJson, type TraceSpan } from './trace-span';

/** Options of {@link JaegerClient}. */
export interface JaegerClientOptions {
  /** Base URL of the Jaeger query service, e.g. `http://localhost:16686`. */
  url: string;
  /** Extra headers, e.g. a tenant header when Jaeger runs with multi-tenancy. Default none. */
  headers?: Record<string, string>;
  /** Timeout of one request in ms. Default 5000. */
  timeoutMillis?: number;
}

/** Raised when Jaeger cannot be reached or answers with an unexpected status. */
export class JaegerQueryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'JaegerQueryError';
  }
}

/** Reads traces back from Jaeger v2's query API (`/api/v3`). */
export class JaegerClient {
  private readonly base: string;

  constructor(private readonly options: JaegerClientOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  /** The spans of one trace, or an empty list when Jaeger does not know the trace (yet). */
  async getTrace(traceId: string): Promise<TraceSpan[]> {
    const res = await this.request(`/api/v3/traces/${encodeURIComponent(traceId)}`);
    if (res.status === 404) return [];
    const body = (await res.json()) as { result?: OtlpJsonTraces };
    return flattenOtlpJson(body.result ?? {});
  }

  /** Names of the services Jaeger has seen. */
  async getServices(): Promise<string[]> {
    const res = await this.request('/api/v3/services');
    const body = (await res.json()) as { services?: string[] };
    return body.services ?? [];
  }

  /**
   * Polls until the trace holds at least `minSpans` spans and its span count has not changed for
   * `settleMillis` (Jaeger stores spans asynchronously, and services flush at different times), or
   * until `timeoutMillis` passes; resolves to whatever was found last.
   */
  async waitForTrace(traceId: string, options: { minSpans?: number; settleMillis?: number; timeoutMillis?: number } = {}): Promise<TraceSpan[]> {
    const { minSpans = 1, settleMillis = 1000, timeoutMillis = 15000 } = options;
    const deadline = Date.now() + timeoutMillis;
    let spans: TraceSpan[] = [];
    let stableSince = Date.now();
    for (;;) {
      const next = await this.getTrace(traceId);
      if (next.length !== spans.length) stableSince = Date.now();
      spans = next;
      const settled = Date.now() - stableSince >= settleMillis;
      if ((spans.length >= minSpans && settled) || Date.now() >= deadline) return spans;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** The page of the trace in the Jaeger UI. */
  traceUrl(traceId: string): string {
    return `${this.base}/trace/${traceId}`;
  }

  private async request(path: string): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        headers: this.options.headers,
        signal: AbortSignal.timeout(this.options.timeoutMillis ?? 5000),
      });
    } catch (err) {
      throw new JaegerQueryError(`Jaeger at ${this.base} is not reachable: ${(err as Error).message}`);
    }
    if (res.status !== 200 && res.status !== 404) {
      const text = await res.text().catch(() => '');
      throw new JaegerQueryError(`Jaeger answered ${res.status} for ${path}: ${text.slice(0, 200)}`, res.status);
    }
    return res;
  }
}
