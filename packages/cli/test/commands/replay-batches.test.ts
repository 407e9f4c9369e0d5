import { batchRecords } from '../../src/commands/replay-batches';

const record = (seq: number, bytes: number) => ({ seq, payload: Buffer.alloc(bytes, seq) });

describe('batchRecords', () => {
  it('fills batches up to maxBytes, in order', () => {
    const batches = [...batchRecords([record(1, 40), record(2, 60), record(3, 30), record(4, 70), record(5, 10)], 100)];
    expect(batches.map((b) => b.seqs)).toEqual([[1, 2], [3, 4], [5]]);
    expect(batches.map((b) => b.bytes)).toEqual([100, 100, 10]);
    expect(batches[0].payloads.map((p) => p[0])).toEqual([1, 2]);
  });

  it('sends a record bigger than maxBytes alone', () => {
    const batches = [...batchRecords([record(1, 10), record(2, 500), record(3, 10)], 100)];
    expect(batches.map((b) => b.seqs)).toEqual([[1], [2], [3]]);
  });

  it('yields nothing for no records', () => {
    expect([...batchRecords([], 100)]).toEqual([]);
  });

  it('reads the records lazily, one ahead of the batch it yields', () => {
    let read = 0;
    function* source() {
      for (let seq = 1; seq <= 4; seq++) {
        read = seq;
        yield record(seq, 50);
      }
    }
    const batches = batchRecords(source(), 100);
    expect(batches.next().value?.seqs).toEqual([1, 2]);
    expect(read).toBe(3);
  });
});
