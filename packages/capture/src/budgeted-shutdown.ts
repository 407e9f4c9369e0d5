/**
 * A processor or exporter whose `shutdown()` takes an optional budget in milliseconds, as this
 * package's own do. `SpanProcessor` and `SpanExporter` declare `shutdown()` without one; every one
 * of them still fits this type (a `shutdown()` without a parameter ignores the budget).
 */
export interface BudgetedShutdown {
  shutdown(timeoutMs?: number): Promise<void>;
}
