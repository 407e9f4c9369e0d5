/**
 * Per-test setup of WalSpanProcessor tests: a real OTLP sink, temp WAL directories, diag and the
 * global error handler recorded, and every processor shut down (and every WAL lock released) after
 * each test. Call `useWalProcessorTestbed()` at the top of a describe block.
 */
import { diag, type Tracer } from '@opentelemetry/api';
import { loggingErrorHandler, setGlobalErrorHandler } from '@opentelemetry/core';
import type { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { WalSpanProcessor } from '../../src/wal-span-processor';
import type { WalSpanProcessorOptions } from '../../src/wal-span-processor-options';
import type { WalOptions } from '../../src/wal/wal-options';
import { OtlpSinkServer } from './otlp-sink-server';
import { tracerWith } from './span-factory';
import { DiagRecorder, exporterTo, RecordingSender } from './wal-processor-harness';
import { WalTempDirs } from './wal-temp-dir';

/** Options of {@link WalProcessorTestbed.open}: processor options, with `wal` partial and the backend as a URL. */
export type TestProcessorOptions = Partial<Omit<WalSpanProcessorOptions, 'wal' | 'sender'>> & {
  wal?: Partial<WalOptions>;
  /** Backend URL. Default: the sink. */
  url?: string;
  /** Timeout of one export request, ms. Default 2000. */
  requestTimeoutMs?: number;
};

/** One opened processor with what a test needs around it. */
export interface OpenedProcessor {
  dir: string;
  processor: WalSpanProcessor;
  sender: RecordingSender;
  tracer: Tracer;
  provider: BasicTracerProvider;
}

/** State shared by the tests of one file. */
export interface WalProcessorTestbed {
  readonly sink: OtlpSinkServer;
  readonly diag: DiagRecorder;
  /** The global error handler (export errors land here). */
  readonly errors: jest.Mock;
  /** A path for a new WAL directory (removed after the test). */
  walDir(): string;
  /**
   * Opens a processor (default: export interval of one hour, so only forceFlush, shutdown, size
   * and critical spans trigger exports), remembered for shutdown after the test.
   */
  open(options?: TestProcessorOptions): OpenedProcessor;
}

/** Registers beforeEach/afterEach hooks and returns the testbed they maintain. */
export function useWalProcessorTestbed(): WalProcessorTestbed {
  const dirs = new WalTempDirs();
  const opened: WalSpanProcessor[] = [];
  const errors = jest.fn();
  let sink: OtlpSinkServer | undefined;
  let recorder = new DiagRecorder();

  beforeEach(async () => {
    sink = await OtlpSinkServer.start();
    recorder = new DiagRecorder().install();
    errors.mockReset();
    setGlobalErrorHandler(errors);
  });

  afterEach(async () => {
    // Closing the sink first makes requests still hanging fail at once, so shutdown is quick.
    await sink?.close();
    for (const processor of opened.splice(0)) await processor.shutdown();
    dirs.cleanup();
    diag.disable();
    setGlobalErrorHandler(loggingErrorHandler());
  });

  return {
    get sink() {
      if (!sink) throw new Error('the sink starts in beforeEach');
      return sink;
    },
    get diag() {
      return recorder;
    },
    errors,
    walDir: () => dirs.walDir(),
    open(options: TestProcessorOptions = {}) {
      const { url, requestTimeoutMs, wal, ...rest } = options;
      const dir = wal?.dir ?? dirs.walDir();
      const sender = new RecordingSender(exporterTo(url ?? this.sink.url, requestTimeoutMs));
      const processor = new WalSpanProcessor({ exportIntervalMs: 3_600_000, drainTimeoutMs: 5000, ...rest, wal: { ...wal, dir }, sender });
      opened.push(processor);
      const { tracer, provider } = tracerWith(processor);
      return { dir, processor, sender, tracer, provider };
    },
  };
}
