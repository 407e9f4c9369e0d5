'use strict';
/** Percentiles of samples, and summaries of a figure over repeated runs. */

/**
 * Count, min, max, mean and the percentiles `ps` of `samples` (an array or typed array, not
 * modified) as `p50`, `p99`, `p99_9`, ... Nearest-rank: p99 of 200000 samples is the 198000th smallest.
 */
function percentiles(samples, ps = [50, 99, 99.9]) {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  const result = { count: n, min: n ? sorted[0] : NaN, max: n ? sorted[n - 1] : NaN, mean: NaN };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  result.mean = n ? sum / n : NaN;
  for (const p of ps) {
    // The epsilon keeps 99.9 % of 1000 at rank 999 despite 0.999 × 1000 = 999.0000000000001.
    const rank = Math.ceil((p * n) / 100 - 1e-9);
    result[`p${String(p).replace('.', '_')}`] = n ? sorted[Math.min(n - 1, Math.max(0, rank - 1))] : NaN;
  }
  return result;
}

/** Median, quartiles and range of one figure over runs; null/undefined/NaN values are left out. */
function summarize(values) {
  const xs = values.filter(v => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  const n = xs.length;
  if (n === 0) return { n: 0, median: NaN, min: NaN, max: NaN, q1: NaN, q3: NaN, values: [] };
  const quantile = q => {
    const pos = (n - 1) * q;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo);
  };
  return { n, median: quantile(0.5), min: xs[0], max: xs[n - 1], q1: quantile(0.25), q3: quantile(0.75), values: xs };
}

module.exports = { percentiles, summarize };
