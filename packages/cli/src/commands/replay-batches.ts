/** One request's worth of WAL records. */
export interface ReplayBatch {
  /** Sequence numbers of the records, in log order. */
  seqs: number[];
  /** The records' payloads (each an encoded OTLP `ExportTraceServiceRequest`), in log order. */
  payloads: Uint8Array[];
  /** Sum of the payloads' lengths. */
  bytes: number;
}

/**
 * Groups records, in order, into batches of at most `maxBytes` payload bytes; a record larger than
 * `maxBytes` travels alone. Reads `records` lazily: one record ahead of the batch it yields.
 */
export function* batchRecords(records: Iterable<{ seq: number; payload: Uint8Array }>, maxBytes: number): Generator<ReplayBatch> {
  let batch: ReplayBatch = { seqs: [], payloads: [], bytes: 0 };
  for (const { seq, payload } of records) {
    if (batch.seqs.length > 0 && batch.bytes + payload.length > maxBytes) {
      yield batch;
      batch = { seqs: [], payloads: [], bytes: 0 };
    }
    batch.seqs.push(seq);
    batch.payloads.push(payload);
    batch.bytes += payload.length;
  }
  if (batch.seqs.length > 0) yield batch;
}
