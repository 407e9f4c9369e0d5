import type { PlannedCall } from './plan';

/** A tool call that did not produce a result: the service was unreachable, slow, or said no. */
class ToolCallError extends Error {
  /**
   * @param status the HTTP status the tools service answered with; `undefined` when it was not reached
   * @param options.cause the underlying network or timeout error, if any
   */
  constructor(
    message: string,
    readonly status: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ToolCallError';
  }
}

/**
 * Calls the tools service for one planned call with the global `fetch`, so the request carries
 * the trace context and baggage of the calling step without any code here.
 * Resolves with the tool's JSON result; rejects with {@link ToolCallError} on a network error, a
 * timeout after `timeoutMs`, or a non-2xx answer.
 */
export async function callTool(toolsUrl: string, call: PlannedCall, timeoutMs: number): Promise<Record<string, unknown>> {
  const url =
    call.tool === 'weather_lookup'
      ? `${toolsUrl}/tools/weather?${new URLSearchParams({ city: call.city }).toString()}`
      : `${toolsUrl}/tools/flights?${new URLSearchParams({ from: call.from, to: call.to }).toString()}`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const reason = error instanceof Error && error.name === 'TimeoutError' ? `timed out after ${timeoutMs} ms` : 'is unreachable';
    throw new ToolCallError(`${call.tool}: the tools service ${reason}`, undefined, { cause: error });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const detail = errorMessage(body) ?? response.statusText;
    throw new ToolCallError(`${call.tool}: the tools service answered ${response.status} (${detail})`, response.status);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ToolCallError(`${call.tool}: the tools service answered with something other than a JSON object`, response.status);
  }
  return body as Record<string, unknown>;
}

function errorMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const error = (body as { error?: { message?: unknown } }).error;
  return typeof error?.message === 'string' ? error.message : undefined;
}
