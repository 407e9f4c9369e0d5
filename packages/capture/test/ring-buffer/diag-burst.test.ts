import { diag, DiagLogLevel } from '@opentelemetry/api';
import { DiagBurst } from '../../src/diag-burst';

describe('DiagBurst', () => {
  const warn = jest.fn();
  beforeEach(() => {
    warn.mockClear();
    diag.setLogger({ warn, error: jest.fn(), info: jest.fn(), debug: jest.fn(), verbose: jest.fn() }, DiagLogLevel.WARN);
  });
  afterEach(() => diag.disable());

  const burst = (): DiagBurst =>
    new DiagBurst(
      (count, detail) => `start ${count} ${detail ?? '-'}`,
      (inBurst, total) => `end ${inBurst}/${total}`,
    );

  it('warns once when a burst starts and once with the count when it ends', () => {
    const b = burst();
    for (let i = 0; i < 100; i++) b.record(1, 'why');
    expect(warn.mock.calls).toEqual([['start 1 why']]);
    b.tick(); // occurrences since the last tick: the burst goes on
    expect(warn).toHaveBeenCalledTimes(1);
    b.tick(); // a quiet interval: the burst is over
    expect(warn.mock.calls).toEqual([['start 1 why'], ['end 100/100']]);
    expect(b.total).toBe(100);
  });

  it('keeps a burst open while occurrences continue between ticks', () => {
    const b = burst();
    b.record(2);
    b.tick();
    b.record(3);
    b.tick();
    b.record(4);
    b.tick();
    expect(warn).toHaveBeenCalledTimes(1);
    b.tick();
    expect(warn.mock.calls[1]).toEqual(['end 9/9']);
  });

  it('starts a new burst after one ended, counting totals across bursts', () => {
    const b = burst();
    b.record(5);
    b.tick();
    b.tick();
    b.record(7, 'again');
    b.end();
    expect(warn.mock.calls).toEqual([['start 5 -'], ['end 5/5'], ['start 7 again'], ['end 7/12']]);
    b.end();
    b.tick();
    expect(warn).toHaveBeenCalledTimes(4);
  });
});

describe('DiagBurst level', () => {
  it('logs both messages at error level when asked', () => {
    const errors: string[] = [];
    const warnings: string[] = [];
    diag.setLogger({ error: (m: string) => errors.push(m), warn: (m: string) => warnings.push(m), info() {}, debug() {}, verbose() {} }, DiagLogLevel.WARN);
    const burst = new DiagBurst(
      () => 'first',
      (n) => `summary ${n}`,
      'error',
    );
    burst.record(2);
    burst.record(1);
    burst.end();
    diag.disable();
    expect(errors).toEqual(['first', 'summary 3']);
    expect(warnings).toEqual([]);
  });
});
