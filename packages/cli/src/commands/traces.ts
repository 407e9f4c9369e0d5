import { CliError } from '../cli-error';
import type { CliOutput } from '../cli-output';
import { JaegerClient, JaegerQueryError } from '../jaeger/jaeger-client';
import { renderTraceTree } from '../jaeger/render-tree';
import type { TraceSpan } from '../jaeger/trace-span';

/** Default of {@link TracesOptions.jaegerUrl}: the query port of the Jaeger in docker-compose.yml. */
export const DEFAULT_JAEGER_URL = 'http://localhost:16686';

/** Options of {@link showTrace}, as parsed from `agent-otel traces TRACE_ID [--jaeger URL] [--json]`. */
export interface TracesOptions {
  /** The trace id: 32 lowercase hex characters (see `parseTraceId`). */
  traceId: string;
  /** Base URL of the Jaeger query service. Default {@link DEFAULT_JAEGER_URL}. */
  jaegerUrl?: string;
  /** Print the flattened spans as a JSON array (nanosecond times as strings) instead of a tree. Default false. */
  json?: boolean;
  /** Timeout of the request to Jaeger in ms. Default 5000. */
  timeoutMillis?: number;
}

/**
 * `agent-otel traces`: reads one trace from Jaeger and prints it as a tree (service, span, kind,
 * duration, key GenAI attributes) or as JSON. Throws a `JaegerQueryError` when Jaeger cannot be
 * reached or answers with an error, and a {@link CliError} when it does not know the trace.
 */
export async function showTrace(options: TracesOptions, output: CliOutput): Promise<TraceSpan[]> {
  const client = new JaegerClient({ url: options.jaegerUrl ?? DEFAULT_JAEGER_URL, timeoutMillis: options.timeoutMillis });
  let spans: TraceSpan[];
  try {
    spans = await client.getTrace(options.traceId);
  } catch (error) {
    // No status: nothing answered. Say where the query service is usually found.
    if (error instanceof JaegerQueryError && error.status === undefined) {
      throw new JaegerQueryError(`${error.message} (--jaeger takes the base URL of Jaeger's query service, by default ${DEFAULT_JAEGER_URL})`);
    }
    throw error;
  }
  if (spans.length === 0) {
    throw new CliError(
      `trace ${options.traceId} is not in Jaeger at ${options.jaegerUrl ?? DEFAULT_JAEGER_URL} ` + '(unknown id, expired from storage, or its spans were not exported yet)',
    );
  }
  if (options.json) {
    output.out(JSON.stringify(spans, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2));
    return spans;
  }
  const services = [...new Set(spans.map((span) => span.service))];
  output.out(`trace ${options.traceId} · ${spans.length} span${spans.length === 1 ? '' : 's'} · ${services.join(', ')}`);
  for (const line of renderTraceTree(spans).split('\n')) output.out(line);
  output.out(client.traceUrl(options.traceId));
  return spans;
}
