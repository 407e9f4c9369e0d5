import { addProblem, showSecret, showUrl, showValue, type EnvironmentProblem } from './env-problems';
import { describeBounds, OPTION_BOUNDS, type NumberBounds, type NumericOption } from './option-bounds';

/** The environment as register() sees it; `process.env` unless a test passes its own. */
export type Environment = Record<string, string | undefined>;

/** The outcome of parsing one value: a value (maybe adjusted, with a note saying how) or why not. */
export type Parsed<T> = { ok: true; value: T; adjusted?: string } | { ok: false; reason: string };

/** How a value of a variable is shown in messages. */
type Shown = 'plain' | 'url' | 'secret';

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Reads typed values from the environment and records every value it cannot use as given, as one
 * {@link EnvironmentProblem} per variable naming the variable, the value and what is used instead.
 * Never throws and never logs: register() reports the problems once its logger is installed.
 * Empty and blank values count as unset (OpenTelemetry's rule).
 */
export class EnvReader {
  readonly problems: EnvironmentProblem[] = [];

  constructor(private readonly env: Environment) {}

  /** The trimmed value, or undefined when unset or blank. */
  raw(name: string): string | undefined {
    const trimmed = this.env[name]?.trim();
    return trimmed ? trimmed : undefined;
  }

  /** Records a problem about `name`. */
  report(name: string, message: string, level: 'warn' | 'error' = 'warn'): void {
    addProblem(this.problems, { variable: name, message: `agent-otel: ${message}`, level });
  }

  /**
   * The value of the first of `names` that parses; a set one that does not is reported with what
   * is used instead: the next variable, or `fallback` (e.g. `the default 10000`).
   */
  first<T>(names: readonly string[], parse: (raw: string) => Parsed<T>, fallback: string, shown: Shown = 'plain'): T | undefined {
    const rejected: { name: string; raw: string; reason: string }[] = [];
    let result: { name: string; value: T } | undefined;
    for (const name of names) {
      const raw = this.raw(name);
      if (raw === undefined) continue;
      const parsed = parse(raw);
      if (parsed.ok) {
        if (parsed.adjusted !== undefined) this.report(name, `${name}=${show(raw, shown)} ${parsed.adjusted}`);
        result = { name, value: parsed.value };
        break;
      }
      rejected.push({ name, raw, reason: parsed.reason });
    }
    for (const r of rejected) {
      const instead = result === undefined ? fallback : `${result.name} instead`;
      this.report(r.name, `${r.name}=${show(r.raw, shown)} ${r.reason}; using ${instead}`);
    }
    return result?.value;
  }

  /** One of `values`, case-insensitive. */
  oneOf<T extends string>(name: string, values: readonly T[], fallback: string): T | undefined {
    return this.first([name], (raw) => parseOneOf(raw, values), fallback);
  }

  /** `true` or `false`, case-insensitive. */
  bool(name: string, fallback: string): boolean | undefined {
    return this.first(
      [name],
      (raw) => {
        const v = raw.toLowerCase();
        return v === 'true' || v === 'false' ? { ok: true, value: v === 'true' } : { ok: false, reason: 'is not true or false' };
      },
      fallback,
    );
  }

  /** A number within the bounds of `option`; above the maximum it is clamped to it, and said so. */
  number(names: readonly string[], option: NumericOption): number | undefined {
    const b = OPTION_BOUNDS[option];
    return this.first(names, (raw) => parseNumber(raw, option), `the default ${b.defaultText}`);
  }

  /** An absolute http(s) URL. */
  url(names: readonly string[], fallback: string): string | undefined {
    return this.first(names, parseHttpUrl, fallback, 'url');
  }
}

function show(raw: string, shown: Shown): string {
  if (shown === 'secret') return showSecret(raw);
  return shown === 'url' ? showUrl(raw) : showValue(raw);
}

/** One of `values`, compared case-insensitively. */
export function parseOneOf<T extends string>(raw: string, values: readonly T[]): Parsed<T> {
  const v = raw.toLowerCase() as T;
  return values.includes(v) ? { ok: true, value: v } : { ok: false, reason: `is not one of ${values.join(', ')}` };
}

/** A decimal number within the bounds of `option` (above the maximum: the maximum). */
function parseNumber(raw: string, option: NumericOption): Parsed<number> {
  const b: NumberBounds = OPTION_BOUNDS[option];
  const value = DECIMAL.test(raw) ? Number(raw) : NaN;
  const rule = `is not ${describeBounds(b)}`;
  if (!Number.isFinite(value) || (b.integer && !Number.isInteger(value))) return { ok: false, reason: rule };
  if (value > b.max) return { ok: true, value: b.max, adjusted: `is above the maximum ${b.max}; using ${b.max}` };
  if (b.minExclusive ? value <= b.min : value < b.min) return { ok: false, reason: rule };
  return { ok: true, value };
}

/** An absolute `http:` or `https:` URL. */
export function parseHttpUrl(raw: string): Parsed<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: `is not an absolute http(s) URL${/^[\w.-]+:\d+/.test(raw) ? ' (add http:// or https://)' : ''}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `is not an http(s) URL${/^[\w.-]+:\d+/.test(raw) ? ' (add http:// or https://)' : ''}` };
  }
  return { ok: true, value: raw };
}
