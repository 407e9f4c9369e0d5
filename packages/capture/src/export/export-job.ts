import { ExportResultCode, globalErrorHandler, type ExportResult } from '@opentelemetry/core';

/** One `export()` call of an exporter that encodes in chunks, then sends. */
export interface ExportJob<T> {
  /** The exporter's name, for error messages. */
  readonly name: string;
  /** The encoding under way. */
  readonly encoded: Promise<T>;
  /** Sends what was encoded; must not reject. */
  readonly send: (encoded: T) => Promise<ExportResult> | ExportResult;
  /** Counts a failed encoding. */
  readonly onEncodingFailure: () => void;
  /** The caller's `export()` callback: called exactly once; an exception from it goes to the global error handler. */
  readonly resultCallback: (result: ExportResult) => void;
  /** The exporter's exports in flight, encoding included; the job is in it until it settles (for forceFlush). */
  readonly pending: Set<Promise<ExportResult>>;
}

/** Runs `job`: encode, send, report to the callback once; a failed encoding is a FAILED result, never a throw. */
export function runExportJob<T>(job: ExportJob<T>): void {
  const done: Promise<ExportResult> = job.encoded
    .then(job.send, (err: unknown): ExportResult => {
      job.onEncodingFailure();
      return { code: ExportResultCode.FAILED, error: err instanceof Error ? err : new Error(`${job.name}: encoding failed: ${String(err)}`) };
    })
    .then((result) => {
      try {
        job.resultCallback(result);
      } catch (err) {
        globalErrorHandler(err instanceof Error ? err : new Error(`${job.name}: result callback threw: ${String(err)}`));
      }
      return result;
    });
  job.pending.add(done);
  void done.then(() => job.pending.delete(done));
}
