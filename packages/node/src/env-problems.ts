import { diag } from '@opentelemetry/api';

/** One environment value agent-otel could not use as given. */
export interface EnvironmentProblem {
  /** The variable, e.g. `AGENT_OTEL_BUFFER_SIZE`. */
  readonly variable: string;
  /** The whole message: variable, value (secrets masked), what is wrong, and what is used instead. */
  readonly message: string;
  /** `error` when the fallback switches something off (export, the WAL); `warn` otherwise. */
  readonly level: 'warn' | 'error';
}

/** Adds `problem`, replacing an earlier one about the same variable: one message per variable. */
export function addProblem(problems: EnvironmentProblem[], problem: EnvironmentProblem): void {
  const i = problems.findIndex((p) => p.variable === problem.variable);
  if (i >= 0) problems[i] = problem;
  else problems.push(problem);
}

const reported = new Set<string>();

/**
 * Prints each problem once per process through `diag` (register() calls it right after it installs
 * its console logger, since the environment is read before any logger exists). A message already
 * printed — the same variable and value read again — is not printed a second time.
 */
export function reportEnvironmentProblems(problems: readonly EnvironmentProblem[]): void {
  for (const p of problems) {
    if (reported.has(p.message)) continue;
    reported.add(p.message);
    if (p.level === 'error') diag.error(p.message);
    else diag.warn(p.message);
  }
}

const MAX_SHOWN = 120;
// Control characters, zero-width and bidirectional marks: shown escaped so the message reads as typed.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** A value as messages show it: quoted, invisible characters escaped, long ones cut. */
export function showValue(raw: string): string {
  const cut = raw.length > MAX_SHOWN ? `${raw.slice(0, MAX_SHOWN)}…` : raw;
  return JSON.stringify(cut).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A secret as messages show it: its length only. */
export function showSecret(raw: string): string {
  return `<${raw.length} characters, not shown>`;
}

/** A URL as messages show it, with a password in it masked. */
export function showUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password !== '') {
      url.password = '***';
      return showValue(url.href);
    }
  } catch {
    // Not a URL: nothing to mask.
  }
  return showValue(raw);
}
