import { withInterruptSignal } from '../src/interrupt-signal';
import { MemoryOutput } from './helpers/memory-output';

describe('withInterruptSignal', () => {
  it('aborts the signal on the first SIGINT, says so, and removes its handler afterwards', async () => {
    const before = process.listenerCount('SIGINT');
    const output = new MemoryOutput();
    const aborted = await withInterruptSignal(true, output, async (signal) => {
      expect(process.listenerCount('SIGINT')).toBe(before + 1);
      process.emit('SIGINT', 'SIGINT');
      return signal.aborted;
    });
    expect(aborted).toBe(true);
    expect(output.stderr).toMatch(/^interrupted: stopping after the current batch/);
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  it('removes its handler when the task fails', async () => {
    const before = process.listenerCount('SIGINT');
    await expect(withInterruptSignal(true, new MemoryOutput(), () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  it('installs nothing when disabled', async () => {
    const before = process.listenerCount('SIGINT');
    await withInterruptSignal(false, new MemoryOutput(), async (signal) => {
      expect(process.listenerCount('SIGINT')).toBe(before);
      expect(signal.aborted).toBe(false);
    });
  });
});
