/**
 * The drain budget of forceFlush() and shutdown(): `drainTimeoutMs`, and its deprecated former
 * name `exportTimeoutMs` (accepted with one diag warning). A backend that never answers holds the
 * drain exactly that long; fake timers, so nothing waits for real.
 */
import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import { WalSpanProcessor } from '../../src/wal-span-processor';
import { WAL_PROCESSOR_DEFAULTS, type WalSpanProcessorOptions } from '../../src/wal-span-processor-options';
import { makeSpans } from '../helpers/span-factory';
import { WalTempDirs } from '../helpers/wal-temp-dir';
import { settledAfter } from '../helpers/settled-after';

/** A sender whose requests never settle, counting them. */
class SilentSender {
  requests = 0;
  sendEncoded(): Promise<ExportResult> {
    this.requests++;
    return new Promise<ExportResult>(() => undefined);
  }
}

describe('WalSpanProcessor drain budget', () => {
  const dirs = new WalTempDirs();
  const warnings: string[] = [];
  const opened: WalSpanProcessor[] = [];

  beforeEach(() => {
    warnings.length = 0;
    const log = (message: string) => warnings.push(message);
    const logger: DiagLogger = { error: log, warn: log, info: () => undefined, debug: () => undefined, verbose: () => undefined };
    diag.setLogger(logger, DiagLogLevel.WARN);
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
  });

  afterEach(async () => {
    jest.useRealTimers();
    // The sender never answers: a short budget closes each processor without waiting.
    await Promise.all(opened.splice(0).map((p) => p.shutdown(1)));
    diag.disable();
    dirs.cleanup();
  });

  function open(options: Partial<WalSpanProcessorOptions>): { processor: WalSpanProcessor; sender: SilentSender } {
    const sender = new SilentSender();
    const processor = new WalSpanProcessor({ exportIntervalMs: 3_600_000, ...options, wal: { dir: dirs.walDir() }, sender });
    opened.push(processor);
    processor.onEnd(makeSpans(1, 'pending')[0]);
    return { processor, sender };
  }

  it('defaults to 30 s, the whole drain', async () => {
    expect(WAL_PROCESSOR_DEFAULTS.drainTimeoutMs).toBe(30000);
    const { processor, sender } = open({});
    const flush = processor.forceFlush();
    expect(await settledAfter(flush, 29_999)).toBe(false);
    expect(await settledAfter(flush, 1)).toBe(true);
    expect(sender.requests).toBe(1);
    expect(processor.stats().pending).toBe(1);
    expect(warnings).toEqual([]);
  });

  it('bounds forceFlush() and shutdown() by drainTimeoutMs', async () => {
    const { processor } = open({ drainTimeoutMs: 200 });
    const flush = processor.forceFlush();
    expect(await settledAfter(flush, 199)).toBe(false);
    expect(await settledAfter(flush, 1)).toBe(true);
    const shutdown = processor.shutdown();
    expect(await settledAfter(shutdown, 199)).toBe(false);
    expect(await settledAfter(shutdown, 1)).toBe(true);
    expect(warnings.filter((w) => w.includes('deprecated'))).toEqual([]);
  });

  it('accepts the deprecated exportTimeoutMs as the drain budget, with one diag warning', async () => {
    const { processor } = open({ exportTimeoutMs: 300 });
    expect(warnings).toEqual(['agent-otel: WalSpanProcessor option exportTimeoutMs is deprecated; it is the budget of the whole drain, now named drainTimeoutMs']);
    const flush = processor.forceFlush();
    expect(await settledAfter(flush, 299)).toBe(false);
    expect(await settledAfter(flush, 1)).toBe(true);
    expect(await settledAfter(processor.forceFlush(), 300)).toBe(true);
    expect(warnings.filter((w) => w.includes('deprecated'))).toHaveLength(1);
  });

  it('accepts both names with the same value, and refuses them when they disagree', () => {
    const { processor } = open({ drainTimeoutMs: 400, exportTimeoutMs: 400 });
    expect(processor).toBeInstanceOf(WalSpanProcessor);
    expect(() => new WalSpanProcessor({ wal: { dir: dirs.walDir() }, sender: new SilentSender(), drainTimeoutMs: 400, exportTimeoutMs: 500 })).toThrow(
      new TypeError('WalSpanProcessor: options drainTimeoutMs (400) and exportTimeoutMs (500, its deprecated name) disagree; give drainTimeoutMs only'),
    );
  });

  it.each([
    [{ drainTimeoutMs: 0 }, 'WalSpanProcessor: option drainTimeoutMs must be a positive number, got 0'],
    [{ exportTimeoutMs: -5 }, 'WalSpanProcessor: option exportTimeoutMs must be a positive number, got -5'],
    [{ drainTimeoutMs: 3_000_000_000 }, 'WalSpanProcessor: option drainTimeoutMs must be at most 2147483647 ms (the longest timer), got 3000000000'],
  ])('rejects %j naming the option', (bad, message) => {
    expect(() => new WalSpanProcessor({ wal: { dir: dirs.walDir() }, sender: new SilentSender(), ...bad })).toThrow(new TypeError(message));
  });
});
