import { GroupCommit } from '../../src/wal/group-commit';

/** A flush the test completes by hand, recording what each call covered. */
class ManualFlush {
  readonly calls: { covers: number; finish: (error?: Error) => void }[] = [];
  lastAppended = 0;
  readonly run = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      this.calls.push({ covers: this.lastAppended, finish: (error) => (error ? reject(error) : resolve()) });
    });
}

const settled = async <T>(promise: Promise<T>): Promise<'resolved' | 'rejected' | 'pending'> => {
  const marker = Symbol('pending');
  const outcome = await Promise.race([
    promise.then(
      () => 'resolved' as const,
      () => 'rejected' as const,
    ),
    Promise.resolve(marker),
  ]);
  return outcome === marker ? 'pending' : (outcome as 'resolved' | 'rejected');
};

describe('GroupCommit', () => {
  it('resolves at once when nothing new was appended', async () => {
    const flush = new ManualFlush();
    const commits = new GroupCommit(0, () => flush.lastAppended, flush.run);
    await commits.wait();
    expect(flush.calls).toHaveLength(0);
  });

  it('shares one flush between concurrent callers and runs at most one at a time', async () => {
    const flush = new ManualFlush();
    const commits = new GroupCommit(0, () => flush.lastAppended, flush.run);
    flush.lastAppended = 3;
    const first = [commits.wait(), commits.wait(), commits.wait()];
    expect(flush.calls).toHaveLength(1);
    flush.lastAppended = 5;
    const second = [commits.wait(), commits.wait()];
    expect(flush.calls).toHaveLength(1); // still one in flight
    flush.calls[0].finish();
    await Promise.all(first);
    expect(await settled(second[0])).toBe('pending');
    expect(flush.calls).toHaveLength(2); // the next flush covers everything appended meanwhile
    expect(flush.calls[1].covers).toBe(5);
    flush.calls[1].finish();
    await Promise.all(second);
    expect(commits.durableThrough).toBe(5);
    expect(commits.flushes).toBe(2);
  });

  it('rejects the callers a failed flush covered and lets later ones retry', async () => {
    const flush = new ManualFlush();
    const commits = new GroupCommit(0, () => flush.lastAppended, flush.run);
    flush.lastAppended = 1;
    const failed = commits.wait();
    flush.lastAppended = 2;
    const later = commits.wait();
    flush.calls[0].finish(new Error('EIO'));
    await expect(failed).rejects.toThrow('EIO');
    expect(commits.durableThrough).toBe(0);
    expect(flush.calls).toHaveLength(2);
    flush.calls[1].finish();
    await expect(later).resolves.toBeUndefined();
    expect(commits.durableThrough).toBe(2);
  });

  it('settles waiters when the caller marks records durable or fails them all', async () => {
    const flush = new ManualFlush();
    const commits = new GroupCommit(0, () => flush.lastAppended, flush.run);
    flush.lastAppended = 4;
    const covered = commits.wait();
    commits.markDurable(4);
    await expect(covered).resolves.toBeUndefined();
    flush.lastAppended = 6;
    const failing = commits.wait();
    commits.rejectAll(new Error('closed'));
    await expect(failing).rejects.toThrow('closed');
  });
});
