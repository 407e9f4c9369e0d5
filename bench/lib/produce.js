'use strict';
/**
 * Produces spans at a steady rate: on each 1 ms timer tick, as many spans as the schedule says are
 * due (about rate/1000), so the load arrives in small batches between which the event loop runs,
 * as in a server handling requests. When the process falls behind (a stall), the next tick catches
 * up; the achieved rate is reported.
 */
const { performance } = require('node:perf_hooks');

const hrtime = process.hrtime.bigint;

/**
 * Creates `rate × seconds` spans with `factory.next()` and ends them. With `latencies` (a
 * Float64Array at least that long), each span's `end()` is timed (ns) into it; with
 * `createLatencies` as well, the whole create + set attributes + end of each span.
 * Resolves with `{ produced, elapsedMs, achievedRate }`.
 */
function produceAtRate(factory, { rate, seconds, latencies, createLatencies }) {
  const total = Math.max(1, Math.round(rate * seconds));
  const perMs = rate / 1000;
  return new Promise(resolve => {
    let produced = 0;
    const start = performance.now();
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - start) * perMs) + 1);
      if (latencies && createLatencies) {
        while (produced < due) {
          const t0 = hrtime();
          const span = factory.next();
          const t1 = hrtime();
          span.end();
          const t2 = hrtime();
          latencies[produced] = Number(t2 - t1);
          createLatencies[produced++] = Number(t2 - t0);
        }
      } else if (latencies) {
        while (produced < due) {
          const span = factory.next();
          const t0 = hrtime();
          span.end();
          latencies[produced++] = Number(hrtime() - t0);
        }
      } else {
        while (produced < due) {
          factory.next().end();
          produced++;
        }
      }
      if (produced >= total) {
        const elapsedMs = performance.now() - start;
        resolve({ produced, elapsedMs, achievedRate: produced / (Math.max(elapsedMs, 1e-3) / 1000) });
      } else {
        setTimeout(tick, 1);
      }
    };
    tick();
  });
}

/** Cost in ns of the timing itself: median of `n` back-to-back `hrtime.bigint()` pairs. */
function timerOverheadNs(n = 100000) {
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = hrtime();
    samples[i] = Number(hrtime() - t0);
  }
  samples.sort();
  return samples[n >> 1];
}

/** Resolves with `promise`'s value, or rejects after `ms` with `label` in the message. */
function withTimeout(promise, ms, label) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} timed out after ${ms} ms`)), ms);
    Promise.resolve(promise).then(
      value => {
        clearTimeout(timer);
        resolve(value);
      },
      error => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * Flushes and shuts `provider` down, each bounded by `timeoutMs`. Resolves with the error message
 * when either failed or timed out, else undefined: a drain that failed is a result, not a crash.
 */
async function drainProvider(provider, timeoutMs) {
  try {
    await withTimeout(provider.forceFlush(), timeoutMs, 'forceFlush()');
    await withTimeout(provider.shutdown(), timeoutMs, 'shutdown()');
    return undefined;
  } catch (error) {
    return String(error && error.message ? error.message : error);
  }
}

/** Runs a full garbage collection when the process was started with --expose-gc. */
function collectGarbage() {
  if (typeof global.gc === 'function') global.gc();
}

module.exports = { produceAtRate, timerOverheadNs, withTimeout, drainProvider, collectGarbage };
