/**
 * Reads spans back from a real Arize Phoenix, the way its UI sees them:
 * - the REST API, `GET /v1/projects/{project}/spans?trace_id=...`, for the OpenInference span kind
 *   and the attributes (flattened: `llm.input_messages.0.message.role`, ...);
 * - GraphQL, `getTraceByOtelId`, for the token counts Phoenix itself parsed from those attributes
 *   into its own columns (what its UI shows and sums per trace).
 * Ingestion is asynchronous in Phoenix, so {@link PhoenixClient.waitForTrace} polls.
 */

/** One span as Phoenix stores it. */
export interface PhoenixSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentId: string | null;
  readonly name: string;
  /** OpenInference span kind Phoenix assigned: `LLM`, `AGENT`, `TOOL`, `CHAIN`, ...; `UNKNOWN` when none. */
  readonly spanKind: string;
  readonly statusCode: string;
  /** Attributes without `openinference.span.kind` (it is {@link spanKind}), nested values flattened. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Token counts from Phoenix's own columns; null where Phoenix found none. */
  readonly tokenCountPrompt: number | null;
  readonly tokenCountCompletion: number | null;
  readonly tokenCountTotal: number | null;
}

/** Options of {@link PhoenixClient}. */
export interface PhoenixClientOptions {
  /** Base URL of the Phoenix server, e.g. `http://127.0.0.1:6006`. */
  url: string;
  /** Timeout of each HTTP request, in ms. Default: 5000. */
  requestTimeoutMs?: number;
}

/** Options of {@link PhoenixClient.waitForTrace}. */
export interface WaitForTraceOptions {
  /** Resolve once Phoenix holds at least this many spans of the trace. Default: 1. */
  minSpans?: number;
  /** Give up after this many ms. Default: 15000. */
  timeoutMs?: number;
  /** Pause between polls, in ms. Default: 200. */
  intervalMs?: number;
}

/** An HTTP answer from Phoenix that was not a success. */
export class PhoenixHttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    body: string,
  ) {
    super(`Phoenix answered ${status} to ${url}: ${body.slice(0, 500)}`);
    this.name = 'PhoenixHttpError';
  }
}

interface RestSpan {
  name: string;
  context: { trace_id: string; span_id: string };
  span_kind: string;
  parent_id: string | null;
  status_code: string;
  attributes: Record<string, unknown>;
}

interface RestSpansPage {
  data: RestSpan[];
  next_cursor: string | null;
}

interface TokenCounts {
  tokenCountPrompt: number | null;
  tokenCountCompletion: number | null;
  tokenCountTotal: number | null;
}

const TRACE_TOKEN_COUNTS_QUERY = `query TraceTokenCounts($traceId: String!) {
  getTraceByOtelId(traceId: $traceId) {
    spans(first: 1000) { edges { node { spanId tokenCountPrompt tokenCountCompletion tokenCountTotal } } }
  }
}`;

/** A small client of Phoenix's REST and GraphQL APIs, for tests. */
export class PhoenixClient {
  private readonly url: string;
  private readonly requestTimeoutMs: number;

  constructor(options: PhoenixClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.requestTimeoutMs = options.requestTimeoutMs ?? 5000;
  }

  /** Names of the projects Phoenix holds (a project appears with its first span). */
  async projectNames(): Promise<string[]> {
    const body = (await this.getJson('/v1/projects?limit=1000')) as { data: { name: string }[] };
    return body.data.map((project) => project.name);
  }

  /**
   * Every span of `traceId` in `project`, with Phoenix's token counts. Throws a
   * {@link PhoenixHttpError} (status 404) when the project does not exist.
   */
  async traceSpans(project: string, traceId: string): Promise<PhoenixSpan[]> {
    const rest: RestSpan[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ trace_id: traceId, limit: '1000' });
      if (cursor) query.set('cursor', cursor);
      const page = (await this.getJson(`/v1/projects/${encodeURIComponent(project)}/spans?${query}`)) as RestSpansPage;
      rest.push(...page.data);
      cursor = page.next_cursor;
    } while (cursor);
    if (rest.length === 0) return [];
    const counts = await this.tokenCounts(traceId);
    return rest.map((span) => ({
      traceId: span.context.trace_id,
      spanId: span.context.span_id,
      parentId: span.parent_id,
      name: span.name,
      spanKind: span.span_kind,
      statusCode: span.status_code,
      attributes: span.attributes,
      tokenCountPrompt: counts.get(span.context.span_id)?.tokenCountPrompt ?? null,
      tokenCountCompletion: counts.get(span.context.span_id)?.tokenCountCompletion ?? null,
      tokenCountTotal: counts.get(span.context.span_id)?.tokenCountTotal ?? null,
    }));
  }

  /**
   * Polls until `project` holds at least `minSpans` spans of `traceId`, and returns them. A project
   * that does not exist yet counts as no spans. On timeout, throws an error naming what was found.
   */
  async waitForTrace(project: string, traceId: string, options: WaitForTraceOptions = {}): Promise<PhoenixSpan[]> {
    const minSpans = options.minSpans ?? 1;
    const deadline = Date.now() + (options.timeoutMs ?? 15000);
    let spans: PhoenixSpan[] = [];
    for (;;) {
      try {
        spans = await this.traceSpans(project, traceId);
      } catch (error) {
        if (!(error instanceof PhoenixHttpError && error.status === 404)) throw error;
      }
      if (spans.length >= minSpans) return spans;
      if (Date.now() >= deadline) {
        const names = JSON.stringify(spans.map((s) => s.name));
        throw new Error(`Phoenix project ${JSON.stringify(project)} has ${spans.length} of ${minSpans} spans of trace ${traceId}: ${names}`);
      }
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 200));
    }
  }

  private async tokenCounts(traceId: string): Promise<Map<string, TokenCounts>> {
    const body = (await this.postJson('/graphql', { query: TRACE_TOKEN_COUNTS_QUERY, variables: { traceId } })) as {
      data?: { getTraceByOtelId: { spans: { edges: { node: TokenCounts & { spanId: string } }[] } } | null } | null;
      errors?: { message: string }[];
    };
    if (body.errors?.length) throw new Error(`Phoenix GraphQL error: ${body.errors.map((e) => e.message).join('; ')}`);
    const edges = body.data?.getTraceByOtelId?.spans.edges ?? [];
    return new Map(edges.map(({ node }) => [node.spanId, node]));
  }

  private getJson(path: string): Promise<unknown> {
    return this.request(path, { method: 'GET' });
  }

  private postJson(path: string, body: unknown): Promise<unknown> {
    return this.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  private async request(path: string, init: RequestInit): Promise<unknown> {
    const url = this.url + path;
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(this.requestTimeoutMs) });
    const text = await response.text();
    if (!response.ok) throw new PhoenixHttpError(response.status, url, text);
    return JSON.parse(text) as unknown;
  }
}
