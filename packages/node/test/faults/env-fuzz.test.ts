/**
 * Env fuzz: every documented variable gets invalid values of every kind (garbage, huge numbers,
 * negative numbers, NaN and infinities, empty, unicode, JSON fragments, long values), fixed ones and seeded
 * random ones. Each value goes through register() in this process (all cases) and through
 * `node --require @agent-otel/node/register` in a child process (a seeded sample, bounded in time).
 * For each: the application keeps running, exactly one message names the variable (none for an
 * empty value or a valid one), and the documented fallback is in force.
 *
 * Repeat a run with ENV_FUZZ_SEED=<seed printed below>.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { context, diag, propagation, trace } from '@opentelemetry/api';
import { Rng } from '../../../capture/test/helpers/otlp-random';
import { ENV_VARIABLES, expectationFor, type EnvVariableSpec, type Expectation } from '../helpers/env-variable-specs';
import type * as RegisterModule from '../../src/register';
import { TempDirs } from '../helpers/temp-dirs';

const tempDirs = new TempDirs('agent-otel-env-fuzz-');

const SEED = Number(process.env.ENV_FUZZ_SEED) || Date.now() % 2 ** 31;
const RANDOM_VALUES_PER_VARIABLE = 2;
/** After this long, the in-process run skips the remaining random cases (the fixed ones always run). */
const IN_PROCESS_BUDGET_MS = 60_000;
/** Child processes per run; ENV_FUZZ_CHILDREN raises it (e.g. to every case, for a full run). */
const CHILD_SAMPLE = Number(process.env.ENV_FUZZ_CHILDREN) || 24;
const CHILD_CONCURRENCY = 2;
const CHILD_BUDGET_MS = Number(process.env.ENV_FUZZ_CHILD_BUDGET_MS) || 60_000;
const PRELOAD = require.resolve('@agent-otel/node/register');
const APP = path.join(__dirname, '..', 'fixtures', 'env-fuzz-app.cjs');

const KINDS = ['garbage', 'huge', 'negative', 'nan', 'empty', 'unicode', 'json', 'long'] as const;
type Kind = (typeof KINDS)[number];

/** Values every variable gets, one per kind (rotated by variable). */
const FIXED: Record<Kind, string[]> = {
  garbage: ['completee', 'yes', '12abc', '0x1F', '1,5', 'http//localhost:4318', '127.0.0.1:4318', 'tooshort'],
  huge: ['1e12', '100000000', '3000000000', '1e309', '99999999999999999999999'],
  negative: ['-5', '-1', '-0.5', '-1e9', '-0'],
  nan: ['NaN', 'Infinity', '-Infinity', 'nan'],
  empty: ['', '   ', '\t'],
  unicode: ['ü', '∞', '😀', '\u200b5', '５', 'é1', 'sampled\u0301'],
  json: ['{bad', '[1,', '{"a":1}', 'null', '"x"', '[{"mode":"always"}]', '{"header":"bad header"}'],
  long: ['x'.repeat(300), '9'.repeat(400), 'é'.repeat(2000), `${'a'.repeat(5000)}=b`],
};

function randomValue(rng: Rng, kind: Kind): string {
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(xs.length)];
  switch (kind) {
    case 'garbage': {
      const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789!#%&*+-./:;<>?@[]^_|~';
      let s = '';
      for (let i = 1 + rng.int(16); i > 0; i--) s += alphabet[rng.int(alphabet.length)];
      return /\S/.test(s) ? s : 'x';
    }
    case 'huge':
      return pick([String(2 ** 31 + rng.int(2 ** 20)), `${1 + rng.int(9)}e${7 + rng.int(300)}`, String(Number.MAX_SAFE_INTEGER + rng.int(1000))]);
    case 'negative':
      return pick([`-${rng.int(100000)}`, `-${rng.next()}`, `-${1 + rng.int(9)}e${rng.int(20)}`]);
    case 'nan':
      return pick(['NaN', 'Infinity', '-Infinity', 'NAN', '+Infinity']);
    case 'empty':
      return pick(['', ' ', '\t', ' \t ']);
    case 'unicode': {
      const chars = ['ü', 'ß', '∞', '😀', '\u200b', '\u00a0', '５', '中', '\u202e', '\u0301'];
      let s = '';
      for (let i = 1 + rng.int(6); i > 0; i--) s += rng.int(3) === 0 ? String(rng.int(10)) : pick(chars);
      return s.trim() === '' ? 'ü' : s;
    }
    case 'long':
      return pick(['x', '9', 'ü', '😀', 'a=b,']).repeat(256 + rng.int(4000));
    case 'json':
      return pick(['{', '[', '{"', '{"mode":', '[{"mode":"critical"}', '{"endpoints":[]}', '[null]', '{"a":{"b":', `${rng.int(100)}`, 'false,']);
  }
}

/** A value of the variable's kind that register() must reject. Paths and keys get forms that cannot work. */
function asValue(spec: EnvVariableSpec, raw: string): string {
  if (spec.type.kind === 'wal-dir' && raw.trim() !== '') return `/dev/null/${raw}`;
  return raw;
}

interface Case {
  /** One of the fixed values (always run) rather than a random one. */
  fixed: boolean;
  spec: EnvVariableSpec;
  kind: Kind;
  value: string;
  expected: Expectation;
}

/** Every variable × every kind with a fixed value, then random values of random kinds. */
function buildCases(rng: Rng): Case[] {
  const fixed: Case[] = [];
  const random: Case[] = [];
  ENV_VARIABLES.forEach((spec, i) => {
    for (const kind of KINDS) {
      const value = asValue(spec, FIXED[kind][i % FIXED[kind].length]);
      fixed.push({ fixed: true, spec, kind, value, expected: expectationFor(spec, value) });
    }
    for (let k = 0; k < RANDOM_VALUES_PER_VARIABLE; k++) {
      const kind = KINDS[rng.int(KINDS.length)];
      const value = asValue(spec, randomValue(rng, kind));
      random.push({ fixed: false, spec, kind, value, expected: expectationFor(spec, value) });
    }
  });
  return [...fixed, ...random];
}

type Failure = 'fatal' | 'silent' | 'repeated' | 'noisy' | 'fallback';

/** What went wrong with one case, judged from the lines the process printed. */
function judge(c: Case, lines: string[]): { failure: Failure; detail: string } | undefined {
  const naming = lines.filter((l) => new RegExp(`\\b${c.spec.name}\\b`).test(l));
  const ours = lines.filter((l) => l.includes('agent-otel'));
  const reported = c.expected.kind === 'invalid' || c.expected.kind === 'clamped';
  if (reported && naming.length === 0) return { failure: 'silent', detail: ours.join(' | ') || '(nothing printed)' };
  if (reported && (naming.length > 1 || ours.length > 1)) return { failure: 'repeated', detail: ours.join(' | ') };
  if (!reported && ours.length > 0) return { failure: 'noisy', detail: ours.join(' | ') };
  return undefined;
}

let caseDirs = 0;

/** The case's environment, with a state directory (WAL, HOME) of its own. */
function envFor(c: Case, stateDir: string): Record<string, string> {
  const dir = path.join(stateDir, `case-${++caseDirs}`);
  fs.mkdirSync(dir);
  return { XDG_STATE_HOME: dir, ...c.spec.companions, [c.spec.name]: c.value };
}

function describeCase(c: Case): string {
  return `${c.spec.name}=${JSON.stringify(c.value)} (${c.kind}, expected ${c.expected.kind})`;
}

function summary(label: string, total: number, failures: { c: Case; failure: Failure; detail: string }[]): string {
  const count = (f: Failure) => failures.filter((x) => x.failure === f).length;
  const variables = new Set(failures.map((x) => x.c.spec.name));
  return (
    `env fuzz ${label}: ${total} cases; silent ${count('silent')}, fatal ${count('fatal')}, repeated ${count('repeated')}, ` +
    `noisy ${count('noisy')}, wrong fallback ${count('fallback')} (variables affected: ${[...variables].join(', ') || 'none'})` +
    failures
      .slice(0, 40)
      .map((x) => `\n  ${x.failure}: ${describeCase(x.c)}: ${x.detail}`)
      .join('')
  );
}

describe('env fuzz over every documented variable', () => {
  const rng = new Rng(SEED);
  const cases = buildCases(rng);
  let stateDir: string;

  beforeAll(() => {
    console.log(`env fuzz seed ${SEED} (ENV_FUZZ_SEED=${SEED} repeats this run): ${cases.length} cases over ${ENV_VARIABLES.length} variables`);
    stateDir = tempDirs.make();
  });
  afterAll(() => tempDirs.cleanup());

  it('covers every variable the README and from-env.ts name', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const source = fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'from-env.ts'), 'utf8');
    const named = new Set([...`${readme}\n${source}`.matchAll(/\b((?:AGENT_)?OTEL_[A-Z0-9_]*[A-Z0-9])\b/g)].map((m) => m[1]));
    const covered = new Set(ENV_VARIABLES.map((s) => s.name));
    expect([...named].filter((n) => !covered.has(n))).toEqual([]);
  });

  it(
    'register() in process: reports each invalid value once, keeps the fallback, never throws',
    async () => {
      const failures: { c: Case; failure: Failure; detail: string }[] = [];
      const lines: string[] = [];
      const record = (...args: unknown[]) => void lines.push(args.map(String).join(' '));
      const spies = (['error', 'warn', 'info', 'log', 'debug'] as const).map((m) => jest.spyOn(console, m).mockImplementation(record));
      const started = Date.now();
      let ran = 0;
      try {
        for (const c of cases) {
          if (!c.fixed && Date.now() - started > IN_PROCESS_BUDGET_MS) break;
          ran++;
          lines.length = 0;
          // A fresh process has no diag logger: env values are read before register() installs one.
          diag.disable();
          let register!: typeof RegisterModule.register;
          jest.isolateModules(() => {
            register = (jest.requireActual('../../src/register') as typeof RegisterModule).register;
          });
          let handle: RegisterModule.AgentOtelHandle | undefined;
          try {
            handle = register({ handleProcessExit: false, instrumentations: { http: false, undici: false } }, envFor(c, stateDir));
          } catch (err) {
            failures.push({ c, failure: 'fatal', detail: (err as Error).message });
            continue;
          } finally {
            trace.disable();
            propagation.disable();
            context.disable();
          }
          try {
            const bad = judge(c, lines);
            if (bad) failures.push({ c, ...bad });
            else if (c.expected.kind !== 'valid' && c.expected.kind !== 'unset') {
              const want = c.expected.kind === 'clamped' ? c.expected.value : c.spec.fallback;
              const got = c.spec.inForce(handle);
              if (JSON.stringify(got) !== JSON.stringify(want))
                failures.push({ c, failure: 'fallback', detail: `in force ${JSON.stringify(got)}, documented ${JSON.stringify(want)}` });
            }
          } finally {
            await handle.shutdown();
          }
        }
      } finally {
        spies.forEach((s) => s.mockRestore());
        diag.disable();
      }
      const text = summary(`in process (${ran} of ${cases.length} cases, ${Date.now() - started} ms)`, ran, failures);
      console.log(text);
      expect(failures).toEqual([]);
    },
    IN_PROCESS_BUDGET_MS + 180_000,
  );

  it.each(['--require', '--import'] as const)(
    'node %s the built preload: the values that used to stop the app or print nothing',
    async (flag) => {
      const env: Record<string, string> = {
        AGENT_OTEL_CAPTURE_MODE: 'completee',
        AGENT_OTEL_TENANCY: '{bad',
        AGENT_OTEL_WAL_KEY: 'tooshort',
        OTEL_EXPORTER_OTLP_ENDPOINT: '127.0.0.1:4318',
        AGENT_OTEL_BUFFER_SIZE: '1e12',
        AGENT_OTEL_CONFIRM_TIMEOUT_MS: '3000000000',
        OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '1.5',
        AGENT_OTEL_FLUSH_THRESHOLD: '2',
        AGENT_OTEL_CAPTURE_RULES: '[{"mode":"critical"}]',
      };
      const dir = path.join(stateDir, `examples${flag}`);
      fs.mkdirSync(dir);
      const result = await runApp({ XDG_STATE_HOME: dir, ...env }, flag);
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('app-ok traced=true\n');
      const lines = result.stderr.split('\n').filter((l) => l !== '');
      for (const name of Object.keys(env)) expect(lines.filter((l) => new RegExp(`\\b${name}[=:]`).test(l))).toHaveLength(1);
      expect(lines).toHaveLength(Object.keys(env).length);
    },
    60_000,
  );

  it(
    'node --require the built preload: the app keeps running and prints each invalid value once',
    async () => {
      const sample = [...cases].sort(() => rng.next() - 0.5).slice(0, CHILD_SAMPLE);
      const failures: { c: Case; failure: Failure; detail: string }[] = [];
      const started = Date.now();
      let ran = 0;
      const queue = [...sample];
      const worker = async () => {
        for (let c = queue.shift(); c !== undefined && Date.now() - started < CHILD_BUDGET_MS; c = queue.shift()) {
          ran++;
          const result = await runApp(envFor(c, stateDir));
          const appLine = result.stdout.split('\n').find((l) => l.startsWith('app-ok'));
          if (result.code !== 0 || appLine === undefined) {
            failures.push({ c, failure: 'fatal', detail: `exit ${result.code}: ${result.stderr.trim().split('\n').slice(0, 3).join(' | ')}` });
            continue;
          }
          const bad = judge(
            c,
            result.stderr.split('\n').filter((l) => l.trim() !== ''),
          );
          if (bad) failures.push({ c, ...bad });
          // Tracing is on: the preload registered a provider (unless the case turns export off, still a provider).
          else if (appLine !== 'app-ok traced=true') failures.push({ c, failure: 'fallback', detail: appLine });
        }
      };
      await Promise.all(Array.from({ length: CHILD_CONCURRENCY }, worker));
      const text = summary(`under --require (${ran} of ${sample.length} sampled, ${Date.now() - started} ms)`, ran, failures);
      console.log(text);
      expect(ran).toBeGreaterThanOrEqual(Math.min(10, sample.length));
      expect(failures).toEqual([]);
    },
    CHILD_BUDGET_MS + 60_000,
  );
});

function runApp(env: Record<string, string>, flag: '--require' | '--import' = '--require'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const preload = flag === '--import' ? pathToFileURL(PRELOAD).href : PRELOAD;
    const child = spawn(process.execPath, ['--max-old-space-size=512', flag, preload, APP], {
      env: { PATH: process.env.PATH ?? '', HOME: env.XDG_STATE_HOME, ...env },
      cwd: env.XDG_STATE_HOME,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
