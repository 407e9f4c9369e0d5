'use strict';
/**
 * The raw write-ahead log (no OTel, no export), in a temporary directory:
 * - `append`: time of each `append()` of one encoded LLM-shaped span (~3.9 KB), plain or with
 *   AES-256-GCM encryption (the difference is the cost of encryption at rest);
 * - `group-commit`: `concurrency` writers each loop append → `await sync()` → acknowledge for
 *   `seconds`; the figure is records made durable (fdatasync) per second, and records per fdatasync.
 * Records are acknowledged as they go so that the log deletes its segments and disk use stays bounded.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { ProtobufTraceSerializer } = require('@opentelemetry/otlp-transformer');
const { makeLlmSpans } = require('../llm-span');
const { requireExport } = require('../lib/capture-modules');
const { percentiles } = require('../lib/stats');
const { collectGarbage } = require('../lib/produce');

const WARMUP_APPENDS = 2000;
const hrtime = process.hrtime.bigint;

function openLog(dir, encrypted) {
  const WriteAheadLog = requireExport('WriteAheadLog');
  return WriteAheadLog.open({
    dir: path.join(dir, 'wal'),
    maxBytes: 4 * 1024 ** 3,
    segmentBytes: 64 * 1024 * 1024,
    encryptionKey: encrypted ? crypto.randomBytes(32) : undefined,
  });
}

function measureAppends(wal, payload, count) {
  for (let i = 0; i < WARMUP_APPENDS; i++) wal.acknowledge(wal.append(payload));
  collectGarbage();
  const times = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const t0 = hrtime();
    const seq = wal.append(payload);
    times[i] = Number(hrtime() - t0);
    wal.acknowledge(seq);
  }
  const p = percentiles(times, [50, 99, 99.9]);
  return { count, p50Us: p.p50 / 1000, p99Us: p.p99 / 1000, p99_9Us: p.p99_9 / 1000, maxUs: p.max / 1000, meanUs: p.mean / 1000 };
}

async function measureGroupCommit(wal, payload, { concurrency, seconds }) {
  const deadline = performance.now() + seconds * 1000;
  const syncsBefore = wal.stats().syncs;
  let durable = 0;
  const start = performance.now();
  const writer = async () => {
    while (performance.now() < deadline) {
      const seq = wal.append(payload);
      await wal.sync();
      wal.acknowledge(seq);
      durable++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, writer));
  const elapsed = (performance.now() - start) / 1000;
  const syncs = wal.stats().syncs - syncsBefore;
  return { concurrency, seconds: elapsed, durable, durablePerSecond: durable / elapsed, syncs, recordsPerSync: syncs ? durable / syncs : null };
}

async function run({ mode, encrypted = false, count = 20000, concurrency = 64, seconds = 3 }) {
  const payload = Buffer.from(ProtobufTraceSerializer.serializeRequest(makeLlmSpans(1)));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-otel-bench-wal-'));
  const wal = openLog(dir, encrypted);
  try {
    const result = mode === 'append' ? measureAppends(wal, payload, count) : await measureGroupCommit(wal, payload, { concurrency, seconds });
    return { mode, encrypted, payloadBytes: payload.length, ...result };
  } finally {
    wal.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { run };
