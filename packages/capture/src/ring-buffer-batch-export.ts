import { context } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from './sdk-trace-types';

/** Wraps a thrown or rejected value as an Error, keeping Errors as they are. */
export function errorOf(value: unknown, fallback: string): Error {
  return value instanceof Error ? value : new Error(value === undefined ? fallback : `${fallback}: ${String(value)}`);
}

/**
 * Hands one batch to `exporter.export()` and reports the outcome through `done` exactly once:
 * the exporter's result; a failure when it throws synchronously or a resource's async attributes
 * reject; or a timeout failure after `timeoutMs` if the exporter has not answered by then (a late
 * answer is ignored). The call runs inside `suppressTracing`, so an instrumented exporter does not
 * trace its own requests.
 */
export function exportBatch(exporter: SpanExporter, batch: ReadableSpan[], timeoutMs: number, done: (result: ExportResult) => void): void {
  let settled = false;
  const finish = (result: ExportResult): void => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    done(result);
  };
  const timer = setTimeout(() => {
    finish({ code: ExportResultCode.FAILED, error: new Error(`export of ${batch.length} spans timed out after ${timeoutMs} ms (exportTimeoutMs)`) });
  }, timeoutMs);
  timer.unref();

  const callExporter = (): void => {
    if (settled) return;
    context.with(suppressTracing(context.active()), () => {
      try {
        exporter.export(batch, (result) => finish(result ?? { code: ExportResultCode.FAILED }));
      } catch (err) {
        finish({ code: ExportResultCode.FAILED, error: errorOf(err, 'exporter threw') });
      }
    });
  };

  const pending = pendingResources(batch);
  if (pending === undefined) {
    callExporter();
  } else {
    Promise.all(pending).then(callExporter, (err) => {
      finish({ code: ExportResultCode.FAILED, error: errorOf(err, 'resource attributes failed') });
    });
  }
}

/** Promises of resources whose async attributes are still pending, or `undefined` when none are. */
function pendingResources(batch: ReadableSpan[]): Promise<void>[] | undefined {
  let pending: Promise<void>[] | undefined;
  for (let i = 0; i < batch.length; i++) {
    const resource = batch[i]!.resource;
    if (resource.asyncAttributesPending && resource.waitForAsyncAttributes) {
      (pending ??= []).push(resource.waitForAsyncAttributes());
    }
  }
  return pending;
}
