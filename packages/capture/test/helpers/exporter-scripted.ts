import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * What one `export()` call does:
 * - `succeed`: reports success on a microtask (like a real exporter, never synchronously);
 * - `succeed-sync`: reports success before `export()` returns;
 * - `fail`: reports a failure with `error` on a microtask;
 * - `throw`: throws from `export()`;
 * - `hang`: never reports;
 * - `defer`: reports when the test calls `settleNext()` / `settleAll()`.
 */
export type ExportBehaviour = 'succeed' | 'succeed-sync' | 'fail' | 'throw' | 'hang' | 'defer';

/** A `SpanExporter` test double whose calls follow a script and are all recorded. */
export class ScriptedSpanExporter implements SpanExporter {
  /** Every batch passed to `export()`, in call order. */
  readonly batches: ReadableSpan[][] = [];
  /** Behaviour for calls beyond the script. */
  fallback: ExportBehaviour = 'succeed';
  /** Error reported by `fail` and thrown by `throw`. */
  error = new Error('scripted export failure');
  shutdownCalls = 0;
  /** Most `export()` calls that had not reported at the same time. */
  maxInFlight = 0;
  private _inFlight = 0;
  private readonly _script: ExportBehaviour[] = [];
  private readonly _deferred: Array<(result: ExportResult) => void> = [];

  constructor(...script: ExportBehaviour[]) {
    this._script.push(...script);
  }

  /** Appends behaviours for the next calls. */
  script(...behaviours: ExportBehaviour[]): this {
    this._script.push(...behaviours);
    return this;
  }

  /** Names of every exported span, in export order. */
  names(): string[] {
    return this.batches.flat().map((span) => span.name);
  }

  /** `defer` calls waiting to be settled. */
  get deferredCount(): number {
    return this._deferred.length;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.batches.push(spans);
    const behaviour = this._script.shift() ?? this.fallback;
    if (behaviour === 'throw') throw this.error;
    this._inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this._inFlight);
    const report = (result: ExportResult): void => {
      this._inFlight--;
      resultCallback(result);
    };
    switch (behaviour) {
      case 'succeed-sync':
        report({ code: ExportResultCode.SUCCESS });
        return;
      case 'succeed':
        void Promise.resolve().then(() => report({ code: ExportResultCode.SUCCESS }));
        return;
      case 'fail':
        void Promise.resolve().then(() => report({ code: ExportResultCode.FAILED, error: this.error }));
        return;
      case 'defer':
        this._deferred.push(report);
        return;
      case 'hang':
        return;
    }
  }

  /** Settles the oldest `defer` call with `result` (success by default). */
  settleNext(result: ExportResult = { code: ExportResultCode.SUCCESS }): void {
    const report = this._deferred.shift();
    if (report === undefined) throw new Error('no deferred export to settle');
    report(result);
  }

  /** Settles every `defer` call waiting now, with success. */
  settleAll(): void {
    while (this._deferred.length > 0) this.settleNext();
  }

  shutdown(): Promise<void> {
    this.shutdownCalls++;
    return Promise.resolve();
  }
}
