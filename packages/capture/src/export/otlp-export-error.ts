import type { HttpAttemptResult } from './http-sender';

/** Details of an OTLP export failure. */
export interface OtlpExportErrorDetails {
  /** HTTP status of the last response, when there was one. */
  status?: number;
  /** Node error code of the last network failure (`ECONNREFUSED`, ...), when there was one. */
  code?: string;
  /** Attempts made (1 when not retried). */
  attempts: number;
  /** `true` when the failure was retryable but the retries ran out (attempts or time). */
  gaveUp: boolean;
}

/** The error an `OtlpHttpSpanExporter` reports in a failed `ExportResult`; its message names status and URL. */
export class OtlpExportError extends Error {
  override readonly name = 'OtlpExportError';
  /** HTTP status of the last response, when there was one. */
  readonly status: number | undefined;
  /** Node error code of the last network failure, when there was one. */
  readonly code: string | undefined;
  /** Attempts made. */
  readonly attempts: number;
  /** `true` when retries ran out on a retryable failure. */
  readonly gaveUp: boolean;

  constructor(
    message: string,
    /** The endpoint the export was sent to. */
    readonly url: string,
    details: OtlpExportErrorDetails,
  ) {
    super(message);
    this.status = details.status;
    this.code = details.code;
    this.attempts = details.attempts;
    this.gaveUp = details.gaveUp;
  }
}

/** One line describing a failed attempt: `HTTP 503 Service Unavailable: <body>` or the network error. */
export function describeAttempt(result: HttpAttemptResult): string {
  if (result.kind === 'error') {
    const { code, message } = result.error;
    return code !== undefined && !message.includes(code) ? `${message} (${code})` : message;
  }
  const text = `HTTP ${result.status}${result.statusMessage ? ` ${result.statusMessage}` : ''}`;
  const body = result.body.trim();
  return body ? `${text}: ${body.length > 200 ? `${body.slice(0, 200)}…` : body}` : text;
}

/** An `OtlpExportError` for a failed attempt, carrying its status or error code. */
export function exportErrorFor(message: string, url: string, result: HttpAttemptResult, attempts: number, gaveUp: boolean): OtlpExportError {
  return new OtlpExportError(message, url, {
    status: result.kind === 'response' ? result.status : undefined,
    code: result.kind === 'error' ? result.error.code : undefined,
    attempts,
    gaveUp,
  });
}
