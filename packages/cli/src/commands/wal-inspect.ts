import { inspectWal } from '@agent-otel/capture';
import type { CliOutput } from '../cli-output';
import { renderWalInspection, walInspectionToJson } from './wal-inspect-report';

/** Options of {@link walInspect}, as parsed from `agent-otel wal inspect DIR [--key K] [--json]`. */
export interface WalInspectOptions {
  /** The WAL directory. */
  dir: string;
  /** The 32-byte key of an encrypted WAL; with it every record is also authenticated. Default none. */
  encryptionKey?: Uint8Array;
  /** Print one JSON document (see `WalInspectionJson`) instead of the text report. Default false. */
  json?: boolean;
}

/**
 * `agent-otel wal inspect`: reads the WAL in `options.dir` without locking or changing it and prints
 * its segments, acknowledged watermark, pending count, damage and lock holder. Throws a `WalError`
 * (e.g. not a WAL directory) or a `WalKeyError` (missing, unexpected or wrong key).
 */
export function walInspect(options: WalInspectOptions, output: CliOutput): void {
  const inspection = inspectWal(options.dir, { encryptionKey: options.encryptionKey });
  if (options.json) {
    output.out(JSON.stringify(walInspectionToJson(inspection), null, 2));
  } else {
    for (const line of renderWalInspection(inspection)) output.out(line);
  }
}
