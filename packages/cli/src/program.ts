/** The `agent-otel` command line: commander wiring, exit codes and error reporting. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { EXIT_OK } from './cli-error';
import type { CliOutput } from './cli-output';
import { DEFAULT_JAEGER_URL, showTrace } from './commands/traces';
import { walInspect } from './commands/wal-inspect';
import { walQuarantineList, walQuarantineReplay } from './commands/wal-quarantine';
import { WAL_REPLAY_DEFAULTS, walReplay } from './commands/wal-replay';
import { withInterruptSignal } from './interrupt-signal';
import { parseHeaders, parsePositiveInteger, parseTraceId, resolveTracesEndpoint } from './option-parsers';
import { parseKey } from './parse-key';
import { reportError, WAL_KEY_ENV } from './report-error';

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** Let the first SIGINT stop a replay cleanly after the current batch. Default false (the bin sets it). */
  handleSignals?: boolean;
}

/**
 * Runs the command line `argv` (without the node and script paths) and resolves with the exit
 * code: 0 ok, 1 failure, 2 usage error, 130 interrupted. Never rejects; every message goes to `output`.
 */
export async function runCli(argv: readonly string[], output: CliOutput, options: RunCliOptions = {}): Promise<number> {
  try {
    await buildProgram(output, options).parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    return reportError(error, output);
  }
}

/** Builds the commander program; its errors are thrown (exitOverride), never `process.exit()`. */
function buildProgram(output: CliOutput, options: RunCliOptions = {}): Command {
  const program = new Command('agent-otel')
    .description('Inspect and replay agent-otel write-ahead logs; show traces from Jaeger.')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => output.out(text.replace(/\n$/, '')),
      writeErr: (text) => output.err(text.replace(/\n$/, '')),
    })
    .showHelpAfterError('(add --help for usage)');

  const wal = program.command('wal').description('write-ahead logs of the complete and critical capture modes');
  const keyOption = () => new Option('--key <key>', '32-byte key of an encrypted WAL: 64 hex characters or base64').env(WAL_KEY_ENV);

  wal
    .command('inspect')
    .description('show segments, acknowledged and pending records, damage and the lock holder (read-only, no lock)')
    .argument('<dir>', 'WAL directory')
    .addOption(keyOption())
    .option('--json', 'print one JSON document instead of the report')
    .action((dir: string, flags: { key?: string; json?: boolean }) => {
      walInspect({ dir, encryptionKey: flags.key === undefined ? undefined : parseKey(flags.key), json: flags.json }, output);
    });

  const replayCommand = (parent: Command, what: string, run: typeof walReplay) =>
    parent
      .command('replay')
      .description(what)
      .argument('<dir>', 'WAL directory')
      .requiredOption('--endpoint <url>', 'OTLP/HTTP base URL (http://host:4318, /v1/traces is appended) or full traces URL')
      .option('--header <name=value>', 'request header, repeatable', (value: string, list: string[] | undefined) => [...(list ?? []), value])
      .addOption(keyOption())
      .option('--batch-bytes <n>', `most payload bytes per request (default: ${WAL_REPLAY_DEFAULTS.batchBytes}; quarantine: one record per request)`)
      .option('--timeout <ms>', `time budget per batch, retries included (default: ${WAL_REPLAY_DEFAULTS.timeoutMillis})`)
      .option('--attempts <n>', `attempts per batch; 429, 502-504 and network errors are retried (default: ${WAL_REPLAY_DEFAULTS.maxAttempts})`)
      .option('--dry-run', 'read and batch the pending records, send and acknowledge nothing')
      .action(async (dir: string, flags: ReplayFlags) => {
        const replayOptions = {
          dir,
          url: resolveTracesEndpoint(flags.endpoint),
          headers: parseHeaders(flags.header ?? []),
          encryptionKey: flags.key === undefined ? undefined : parseKey(flags.key),
          batchBytes: optionalInteger('--batch-bytes', flags.batchBytes),
          timeoutMillis: optionalInteger('--timeout', flags.timeout),
          maxAttempts: optionalInteger('--attempts', flags.attempts),
          dryRun: flags.dryRun === true,
        };
        await withInterruptSignal(options.handleSignals === true, output, (signal) => run({ ...replayOptions, signal }, output));
      });

  replayCommand(wal, 'send the pending records to an OTLP/HTTP endpoint and acknowledge what it accepts (takes the lock)', walReplay);

  const quarantine = wal.command('quarantine').description('records the backend refused on their own, moved out of the WAL into DIR/quarantine');
  quarantine
    .command('list')
    .description('list the quarantined records not replayed yet, with why they were refused (read-only, no lock)')
    .argument('<dir>', 'WAL directory')
    .addOption(keyOption())
    .option('--json', 'print one JSON document instead of the list')
    .action((dir: string, flags: { key?: string; json?: boolean }) => {
      walQuarantineList({ dir, encryptionKey: flags.key === undefined ? undefined : parseKey(flags.key), json: flags.json }, output);
    });
  replayCommand(quarantine, 'send the quarantined records again, one per request, and acknowledge each one the endpoint accepts (takes the lock)', walQuarantineReplay);

  program
    .command('traces')
    .description('print one trace from Jaeger as a tree (or its spans as JSON)')
    .argument('<traceId>', 'trace id, 32 hex characters')
    .option('--jaeger <url>', 'base URL of the Jaeger query service', DEFAULT_JAEGER_URL)
    .option('--json', 'print the flattened spans as JSON')
    .action(async (traceId: string, flags: { jaeger: string; json?: boolean }) => {
      await showTrace({ traceId: parseTraceId(traceId), jaegerUrl: flags.jaeger, json: flags.json }, output);
    });

  return program;
}

interface ReplayFlags {
  endpoint: string;
  header?: string[];
  key?: string;
  batchBytes?: string;
  timeout?: string;
  attempts?: string;
  dryRun?: boolean;
}

/** Absent stays absent, so the command applies its documented default. */
function optionalInteger(option: string, text: string | undefined): number | undefined {
  return text === undefined ? undefined : parsePositiveInteger(option, text);
}

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}
