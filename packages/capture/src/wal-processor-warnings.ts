import { DiagBurst } from './diag-burst';
import { quarantineDir } from './wal-quarantine';

/** The repeated problems a WalSpanProcessor reports through `diag`, each once per burst. */
export interface WalProcessorWarnings {
  /** Spans the WAL refused (they go to the fallback), and records the quarantine could not take. */
  readonly refusals: DiagBurst;
  /** Export attempts that met an outage (the records stay in the WAL). */
  readonly exportFailures: DiagBurst;
  /** Records the backend refused on their own, moved to the quarantine. */
  readonly rejections: DiagBurst;
}

/** The warnings of the WalSpanProcessor of the WAL in `walDir` (named in the quarantine message). */
export function createWalProcessorWarnings(walDir: string): WalProcessorWarnings {
  return {
    refusals: new DiagBurst(
      (_n, detail) => `agent-otel: the write-ahead log refused a span (${detail}); it goes to the sampled pipeline instead`,
      (n, total) => `agent-otel: ${n} spans went to the sampled pipeline because the write-ahead log refused them (${total} in total)`,
      'error',
    ),
    exportFailures: new DiagBurst(
      (_n, detail) => `agent-otel: exporting write-ahead-log records failed (${detail}); they stay in the log and are retried with backoff`,
      (n, total) => `agent-otel: ${n} WAL export attempts failed in this burst (${total} in total); records are kept and retried`,
    ),
    rejections: new DiagBurst(
      (_n, detail) =>
        `agent-otel: the backend refused a write-ahead-log record on its own (${detail}); it was moved to the quarantine ${quarantineDir(walDir)} (list and replay it with \`agent-otel wal quarantine\`)`,
      (n, total) => `agent-otel: ${n} write-ahead-log records refused by the backend were moved to the quarantine (${total} in total)`,
      'error',
    ),
  };
}

/** Ends a burst the warnings are in, if any (every `exportIntervalMs`). */
export function tickWalProcessorWarnings(warnings: WalProcessorWarnings): void {
  warnings.refusals.tick();
  warnings.exportFailures.tick();
  warnings.rejections.tick();
}

/** Ends every burst now, logging their summaries (at shutdown). */
export function endWalProcessorWarnings(warnings: WalProcessorWarnings): void {
  warnings.refusals.end();
  warnings.exportFailures.end();
  warnings.rejections.end();
}
