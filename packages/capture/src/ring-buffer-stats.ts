/** Counters of a `RingBufferSpanProcessor`, read with `stats()`. Totals count since construction. */
export interface RingBufferSpanProcessorStats {
  /** Spans in the buffer now, waiting for an export. */
  buffered: number;
  /** Sampled spans accepted into the buffer (total). */
  ended: number;
  /** Spans in exports that succeeded (total). */
  exported: number;
  /** Spans overwritten before export because the buffer was full (total). */
  droppedOverflow: number;
  /** Sampled spans ignored because they ended after `shutdown()` was called (total). */
  droppedAfterShutdown: number;
  /** Spans in exports that failed or timed out (total). */
  failedExport: number;
  /** `export()` calls in flight now. */
  exportsInFlight: number;
  /** Spans in those exports now. `ended = buffered + spansInFlight + exported + droppedOverflow + failedExport`. */
  spansInFlight: number;
}
