'use strict';
/**
 * Benchmark settings from the command line and BENCH_* environment variables; read in this one
 * place and passed to every scenario process as plain JSON.
 */
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');

/** Default settings of a full run and of a `--quick` smoke run. */
const DEFAULTS = {
  full: { runs: 5, seconds: 10, warmupSeconds: 0.5, productRuns: 3, searchRuns: 3, searchSeconds: 2, encoderSeconds: 1, walSeconds: 2 },
  quick: { runs: 1, seconds: 2, warmupSeconds: 0.5, productRuns: 1, searchRuns: 1, searchSeconds: 1, encoderSeconds: 0.3, walSeconds: 1 },
};

/** Offered loads of the event-loop windows, spans/s. */
const WINDOW_RATES = [5000, 20000];
/** The ladder of the zero-drop search, spans/s. */
const SEARCH_RATES = [10000, 20000, 40000, 60000, 80000, 120000];

function positiveNumber(name, raw, fallback) {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  }
  return value;
}

function positiveInteger(name, raw, fallback) {
  const value = positiveNumber(name, raw, fallback);
  if (!Number.isInteger(value)) throw new RangeError(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
}

function flagValue(argv, name) {
  const prefix = `--${name}=`;
  const hit = argv.find(arg => arg.startsWith(prefix));
  return hit === undefined ? undefined : hit.slice(prefix.length);
}

const USAGE = `usage: node bench/run.js [--quick] [--only=REGEX] [--out=FILE]

  --quick       about one minute: 1 run, 2 s windows (a smoke test; writes bench/results/BENCHMARKS.quick.md)
  --only=REGEX  run only the jobs whose id matches, e.g. --only=encoder or --only='window.*ring'
  --out=FILE    markdown report path (default BENCHMARKS.md, or bench/results/BENCHMARKS.quick.md with --quick)

environment:
  BENCH_RUNS            repetitions of each scenario (default 5; quick 1)
  BENCH_SECONDS         length of each event-loop window, s (default 10; quick 2)
  BENCH_WARMUP_SECONDS  warm-up before each window, at ≥ 10k spans/s, s (default 0.5)
  BENCH_PRODUCT_RUNS    repetitions of the register() defaults vs peers comparison (default min(BENCH_RUNS, 3); quick 1)
  BENCH_SEARCH_RUNS     repetitions of the zero-drop search (default min(BENCH_RUNS, 3); quick 1)
  BENCH_SEARCH_SECONDS  length of each step of the zero-drop search, s (default 2; quick 1)
  BENCH_ENCODER_SECONDS timed encoding per encoder and run, s (default 1; quick 0.3)
  BENCH_WAL_SECONDS     length of each write-ahead-log measurement, s (default 2; quick 1)`;

/**
 * Reads the settings.
 * @throws RangeError on an unknown flag or a malformed value.
 */
function loadConfig(argv = process.argv.slice(2), env = process.env) {
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') return { help: USAGE };
    if (arg !== '--quick' && !/^--(only|out)=/.test(arg)) throw new RangeError(`unknown argument ${arg}\n${USAGE}`);
  }
  const quick = argv.includes('--quick');
  const d = quick ? DEFAULTS.quick : DEFAULTS.full;
  const runs = positiveInteger('BENCH_RUNS', env.BENCH_RUNS, d.runs);
  const only = flagValue(argv, 'only');
  const out = flagValue(argv, 'out') ?? (quick ? path.join('bench', 'results', 'BENCHMARKS.quick.md') : 'BENCHMARKS.md');
  return {
    quick,
    runs,
    seconds: positiveNumber('BENCH_SECONDS', env.BENCH_SECONDS, d.seconds),
    warmupSeconds: positiveNumber('BENCH_WARMUP_SECONDS', env.BENCH_WARMUP_SECONDS, d.warmupSeconds),
    productRuns: positiveInteger('BENCH_PRODUCT_RUNS', env.BENCH_PRODUCT_RUNS, Math.min(runs, d.productRuns)),
    searchRuns: positiveInteger('BENCH_SEARCH_RUNS', env.BENCH_SEARCH_RUNS, Math.min(runs, d.searchRuns)),
    searchSeconds: positiveNumber('BENCH_SEARCH_SECONDS', env.BENCH_SEARCH_SECONDS, d.searchSeconds),
    encoderSeconds: positiveNumber('BENCH_ENCODER_SECONDS', env.BENCH_ENCODER_SECONDS, d.encoderSeconds),
    walSeconds: positiveNumber('BENCH_WAL_SECONDS', env.BENCH_WAL_SECONDS, d.walSeconds),
    windowRates: WINDOW_RATES,
    searchRates: SEARCH_RATES,
    only: only === undefined ? undefined : new RegExp(only),
    out: path.resolve(ROOT, out),
    jsonOut: path.join(ROOT, 'bench', 'results', quick ? 'quick.json' : 'latest.json'),
    command: ['npm run bench', ...(argv.length ? ['--', ...argv] : [])].join(' '),
    env: Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('BENCH_'))),
  };
}

module.exports = { loadConfig, ROOT };
