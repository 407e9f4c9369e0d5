'use strict';
/** Reading one figure across the repeated runs of a job, and formatting it. */
const { summarize } = require('./stats');

/** Results of the successful runs of job `key`. */
function runsOf(data, key) {
  return data.results.filter(r => r.key === key && r.ok).map(r => r.result);
}

/** Summary over runs of `pick(result)` for job `key` (n = 0 when it never ran). */
function figure(data, key, pick) {
  return summarize(
    runsOf(data, key).map(r => {
      const value = pick(r);
      return value === null || value === undefined ? NaN : value;
    }),
  );
}

/** A number with about three significant digits (integers in full), or "–". */
function num(x) {
  return Number.isInteger(x) ? x.toLocaleString('en-US') : decimal(x);
}

/** A number with about three significant digits, or "–". */
function decimal(x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '–';
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString('en-US');
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a === 0) return '0';
  return x.toFixed(a >= 0.1 ? 2 : 3);
}

/** "median (min–max)" of a summary, or "–" when not measured. */
function cell(s, unit = '') {
  if (!s || s.n === 0) return '–';
  const u = unit ? ` ${unit}` : '';
  // One format for the three numbers, so that a range never reads "1.25–3".
  const f = [s.median, s.min, s.max].every(Number.isInteger) ? num : decimal;
  if (s.n === 1 || s.min === s.max) return `${f(s.median)}${u}`;
  return `${f(s.median)}${u} (${f(s.min)}–${f(s.max)})`;
}

/** Ratio of two medians as "0.42×", or "–". */
function ratio(ours, stock) {
  if (!ours || !stock || ours.n === 0 || stock.n === 0 || !(stock.median > 0)) return '–';
  const r = ours.median / stock.median;
  return `${r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toFixed(2)}×`;
}

module.exports = { runsOf, figure, num, cell, ratio };
