import { InvalidOptionError, resolveOptions } from '../src/resolve-options';
import type { RegisterOptions } from '../src/options';

describe('resolveOptions', () => {
  it('lets code options win over the environment and merges nested objects', () => {
    const merged = resolveOptions(
      { serviceName: 'code', exporter: { timeoutMillis: 100 }, resourceAttributes: { a: 'code' } },
      { serviceName: 'env', exporter: { endpoint: 'http://env:4318/v1/traces', timeoutMillis: 9 }, resourceAttributes: { a: 'env', b: 'env' } },
    );
    expect(merged.serviceName).toBe('code');
    expect(merged.exporter).toEqual({ endpoint: 'http://env:4318/v1/traces', timeoutMillis: 100 });
    expect(merged.resourceAttributes).toEqual({ a: 'code', b: 'env' });
  });

  it('does not let an explicit undefined erase an environment value', () => {
    expect(resolveOptions({ serviceName: undefined }, { serviceName: 'env' }).serviceName).toBe('env');
  });

  const bad: [string, unknown, RegExp][] = [
    ['serviceName', { serviceName: '' }, /option serviceName must be a non-empty string/],
    ['serviceName', { serviceName: 42 }, /option serviceName must be a non-empty string, got 42/],
    ['exporter.endpoint', { exporter: { endpoint: 'not a url' } }, /option exporter.endpoint must be an absolute http\(s\) URL/],
    ['exporter.endpoint', { exporter: { endpoint: 'ftp://x/v1/traces' } }, /option exporter.endpoint must use http: or https:/],
    ['exporter.protocol', { exporter: { protocol: 'grpc' } }, /option exporter.protocol must be http\/protobuf or http\/json/],
    ['exporter.timeoutMillis', { exporter: { timeoutMillis: -1 } }, /option exporter.timeoutMillis must be a number of ms in \[1, 2147483647\], got -1/],
    ['exporter.headers.x', { exporter: { headers: { x: 1 } } }, /option exporter.headers.x must be a string/],
    ['exporter.type', { exporter: { type: 'kafka' } }, /option exporter.type must be one of/],
    ['disabled', { disabled: 'yes' }, /option disabled must be a boolean/],
    ['instrumentations.http', { instrumentations: { http: 1 } }, /option instrumentations.http must be a boolean/],
    ['additionalSpanProcessors', { additionalSpanProcessors: {} }, /option additionalSpanProcessors must be an array/],
    ['(options)', 'oops', /option \(options\) must be an object/],
    // Every number has bounds; timers stop at setTimeout's limit.
    ['capture.ringBuffer.bufferSize', { capture: { ringBuffer: { bufferSize: 100_000_000 } } }, /bufferSize must be an integer \(spans\) in \[1, 1000000\], got 100000000/],
    ['capture.ringBuffer.bufferSize', { capture: { ringBuffer: { bufferSize: 1.5 } } }, /must be an integer/],
    ['capture.ringBuffer.flushThreshold', { capture: { ringBuffer: { flushThreshold: 2 } } }, /flushThreshold must be a fill fraction in \(0, 1\], got 2/],
    ['capture.ringBuffer.maxConcurrentExports', { capture: { ringBuffer: { maxConcurrentExports: 1000 } } }, /in \[1, 64\]/],
    ['capture.ringBuffer.flushIntervalMs', { capture: { ringBuffer: { flushIntervalMs: 3_000_000_000 } } }, /in \[1, 2147483647\]/],
    ['capture.ringBuffer.bufersize', { capture: { ringBuffer: { bufersize: 10 } } }, /bufersize is not an option/],
    [
      'capture.ringBuffer.maxExportBatchSize',
      { capture: { ringBuffer: { bufferSize: 100, maxExportBatchSize: 200 } } },
      /\(200\) cannot exceed capture.ringBuffer.bufferSize \(100\)/,
    ],
    ['capture.wal.confirmTimeoutMs', { capture: { wal: { confirmTimeoutMs: 3_000_000_000 } } }, /confirmTimeoutMs must be a number of ms in \[1, 2147483647\], got 3000000000/],
    ['capture.wal.maxBytes', { capture: { wal: { maxBytes: 100 } } }, /maxBytes must be an integer \(bytes\) in \[65536, 1099511627776\]/],
    ['capture.wal.segmentBytes', { capture: { wal: { maxBytes: 65536, segmentBytes: 131072 } } }, /\(131072\) cannot exceed capture.wal.maxBytes \(65536\)/],
    ['shutdownTimeoutMillis', { shutdownTimeoutMillis: Infinity }, /shutdownTimeoutMillis must be a number of ms/],
    ['exporter.tenancy.defaultTenent', { exporter: { tenancy: { defaultTenent: 'x' } } }, /defaultTenent is not an option/],
  ];
  it('accepts a timer at exactly the setTimeout limit', () => {
    expect(resolveOptions({ capture: { wal: { confirmTimeoutMs: 2 ** 31 - 1 } } }, {}).capture?.wal?.confirmTimeoutMs).toBe(2 ** 31 - 1);
  });

  it('keeps an environment batch size within a buffer size given in code, saying so once', () => {
    const problems: { variable: string; message: string; level: 'warn' | 'error' }[] = [];
    const merged = resolveOptions({ capture: { ringBuffer: { bufferSize: 100 } } }, { capture: { ringBuffer: { maxExportBatchSize: 512 } }, problems });
    expect(merged.capture?.ringBuffer?.maxExportBatchSize).toBe(100);
    expect(problems.map((p) => p.message)).toEqual(['agent-otel: AGENT_OTEL_MAX_EXPORT_BATCH_SIZE=512 is above the buffer size 100; using 100']);
  });

  it.each(bad)('throws one InvalidOptionError naming %s', (option, input, message) => {
    let caught: unknown;
    try {
      resolveOptions(input as RegisterOptions, {});
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidOptionError);
    expect((caught as InvalidOptionError).option).toBe(option);
    expect((caught as Error).message).toMatch(message);
  });
});
