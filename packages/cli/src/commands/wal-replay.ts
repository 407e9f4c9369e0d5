import { inspectWal, OtlpHttpSpanExporter, WalLockedError, WriteAheadLog } from '@agent-otel/capture';
import type { ExportResultCode } from '@opentelemetry/core';
import { CliError, EXIT_FAILURE, EXIT_INTERRUPTED } from '../cli-error';
import type { CliOutput } from '../cli-output';
import { formatBytes } from '../format-bytes';
import { batchRecords, type ReplayBatch } from './replay-batches';

/** `ExportResultCode.SUCCESS` of `@opentelemetry/core` (an optional peer, so not imported at run time). */
const EXPORT_SUCCESS: ExportResultCode = 0;

/** Defaults of {@link WalReplayOptions}. */
export const WAL_REPLAY_DEFAULTS = {
  batchBytes: 1024 * 1024,
  timeoutMillis: 10000,
  maxAttempts: 5,
} as const;

/** Options of {@link walReplay}, as parsed from `agent-otel wal replay DIR --endpoint URL ...`. */
export interface WalReplayOptions {
  /** The WAL directory. It must already hold a WAL (it is never created). */
  dir: string;
  /** The OTLP/HTTP traces URL, e.g. `http://localhost:4318/v1/traces` (see `resolveTracesEndpoint`). */
  url: string;
  /** Extra request headers, e.g. authorization. Default none. */
  headers?: Record<string, string>;
  /** The 32-byte key of an encrypted WAL. Default none. */
  encryptionKey?: Uint8Array;
  /** Most payload bytes per request; a bigger record is sent alone. Default 1 MiB. */
  batchBytes?: number;
  /** Time budget of one batch, retries included, in ms. Default 10000. */
  timeoutMillis?: number;
  /** Attempts per batch, the first included; retried are 429, 502–504 and network errors. Default 5. */
  maxAttempts?: number;
  /** Read and batch the pending records but send and acknowledge nothing. Default false. */
  dryRun?: boolean;
  /** When aborted, the replay stops before the next batch (what was accepted stays acknowledged). Default none. */
  signal?: AbortSignal;
}

/** What a replay did. */
export interface WalReplaySummary {
  /** The traces URL the records were sent to. */
  url: string;
  dryRun: boolean;
  /** Pending records when the WAL was opened. */
  pendingBefore: number;
  /** Records the backend accepted (and that were acknowledged); in a dry run, records that would be sent. */
  records: number;
  /** Payload bytes of those records. */
  bytes: number;
  /** Batches sent and accepted (in a dry run: that would be sent). */
  batches: number;
  /** Records still pending when the WAL was closed. */
  pendingAfter: number;
}

/** A replay that stopped early; it carries the summary of what was done before. */
export class WalReplayError extends CliError {
  constructor(
    message: string,
    /** What was sent and acknowledged before the replay stopped. */
    readonly summary: WalReplaySummary,
    exitCode: number = EXIT_FAILURE,
  ) {
    super(message, exitCode);
    this.name = 'WalReplayError';
  }
}

/**
 * `agent-otel wal replay`: takes the WAL's lock, sends its pending records to `options.url` in
 * batches (concatenated records form one OTLP request), acknowledges each batch the backend
 * accepts, and prints progress to stderr and a summary to stdout. Stops at the first batch that
 * fails (after the exporter's retries), leaving it and everything after it pending, and throws a
 * {@link WalReplayError}. Throws a `WalError` / `WalKeyError` when `dir` is not a WAL or the key is
 * wrong, and a {@link CliError} when a running process holds the lock.
 */
export async function walReplay(options: WalReplayOptions, output: CliOutput): Promise<WalReplaySummary> {
  const { dir, url, encryptionKey, dryRun = false } = options;
  const batchBytes = options.batchBytes ?? WAL_REPLAY_DEFAULTS.batchBytes;
  if (!Number.isSafeInteger(batchBytes) || batchBytes < 1) throw new RangeError(`batchBytes must be a whole number ≥ 1, got ${batchBytes}`);
  // Read-only first: WriteAheadLog.open() would turn any directory into an empty WAL.
  inspectWal(dir, { encryptionKey });
  const exporter = dryRun
    ? undefined
    : new OtlpHttpSpanExporter({
        url,
        headers: options.headers,
        timeoutMillis: options.timeoutMillis ?? WAL_REPLAY_DEFAULTS.timeoutMillis,
        retry: { maxAttempts: options.maxAttempts ?? WAL_REPLAY_DEFAULTS.maxAttempts },
        maxConcurrentRequests: 1,
      });
  let wal: WriteAheadLog;
  try {
    wal = openForReplay(dir, encryptionKey, output);
  } catch (error) {
    await exporter?.shutdown();
    throw error;
  }
  const pendingBefore = wal.recovery.pending;
  const summary: WalReplaySummary = { url, dryRun, pendingBefore, records: 0, bytes: 0, batches: 0, pendingAfter: pendingBefore };
  let failure: WalReplayError | undefined;
  try {
    if (pendingBefore === 0) {
      output.out(`nothing to replay: ${dir} has no pending records`);
      return summary;
    }
    output.err(`${dryRun ? 'dry run: reading' : 'replaying'} ${plural(pendingBefore, 'pending record')} from ${dir} to ${url}`);
    for (const batch of batchRecords(wal.pending(), batchBytes)) {
      if (options.signal?.aborted) {
        failure = new WalReplayError(`interrupted: the remaining records stay pending in ${dir}`, summary, EXIT_INTERRUPTED);
        break;
      }
      const number = summary.batches + 1;
      if (exporter) {
        const result = await exporter.sendEncoded(Buffer.concat(batch.payloads, batch.bytes));
        if (result.code !== EXPORT_SUCCESS) {
          failure = batchFailure(number, batch, result.error, summary, dir);
          break;
        }
        for (const seq of batch.seqs) wal.acknowledge(seq);
      }
      summary.batches = number;
      summary.records += batch.seqs.length;
      summary.bytes += batch.bytes;
      output.err(
        `batch ${number}: ${plural(batch.seqs.length, 'record')}, ${formatBytes(batch.bytes)} ${exporter ? 'accepted' : 'not sent (dry run)'}` +
          ` · ${summary.records}/${pendingBefore} records, ${formatBytes(summary.bytes)}`,
      );
    }
  } finally {
    if (exporter) summary.pendingAfter = wal.stats().pendingCount;
    wal.close();
    await exporter?.shutdown();
  }
  output.out(describeSummary(summary, failure !== undefined));
  if (failure) throw failure;
  return summary;
}

function openForReplay(dir: string, encryptionKey: Uint8Array | undefined, output: CliOutput): WriteAheadLog {
  try {
    return WriteAheadLog.open({ dir, encryptionKey, onWarning: (message) => output.err(`warning: ${message}`) });
  } catch (error) {
    if (error instanceof WalLockedError) {
      throw new CliError(
        `cannot replay ${dir}: it is locked by running process ${error.pid}, which re-exports its pending records itself; ` +
          'stop that process first, or look without a lock with `agent-otel wal inspect`',
      );
    }
    throw error;
  }
}

function batchFailure(number: number, batch: ReplayBatch, error: Error | undefined, summary: WalReplaySummary, dir: string): WalReplayError {
  const first = batch.seqs[0];
  const last = batch.seqs[batch.seqs.length - 1];
  const left = summary.pendingBefore - summary.records;
  return new WalReplayError(
    `batch ${number} (${plural(batch.seqs.length, 'record')}, seq ${first}${last === first ? '' : `–${last}`}) was not accepted: ` +
      `${error?.message ?? 'unknown export failure'}. ${plural(left, 'record')} stay pending in ${dir}; run the replay again once the backend accepts spans`,
    summary,
  );
}

function describeSummary(summary: WalReplaySummary, stopped: boolean): string {
  const sent = `${summary.records}${stopped ? ` of ${summary.pendingBefore}` : ''} records (${formatBytes(summary.bytes)}) in ${plural(summary.batches, 'batch', 'batches')}`;
  if (summary.dryRun) {
    return `dry run: would replay ${sent} to ${summary.url}; nothing was sent or acknowledged`;
  }
  return `replayed ${sent} to ${summary.url}${stopped ? ' before stopping' : ''}; ${plural(summary.pendingAfter, 'record')} left pending`;
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
