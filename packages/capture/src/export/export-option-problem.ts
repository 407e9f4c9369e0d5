/**
 * A bad export option found by the checks of this package: which option (its path below the
 * exporter's options, e.g. `tenancy.header` or `headers.authorization`) and what is wrong with it.
 * The exporters throw it as a `TypeError`; `@agent-otel/node` reports it under `exporter.`.
 */
export interface ExportOptionProblem {
  /** Path of the option, e.g. `tenancy.endpoints.acme`. */
  readonly option: string;
  /** What is wrong, ending with the value given: `must be a string, got 5`. */
  readonly problem: string;
}

/** A value as option errors show it: strings quoted, objects and arrays named, the rest as text. */
export function describeOptionValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || typeof v !== 'object') return String(v);
  return Array.isArray(v) ? 'an array' : 'an object';
}

/**
 * The first problem of the `headers` option (an object of string values), or undefined when it is
 * absent or fine. The one check of request headers, for the exporters and for `register()`.
 */
export function headersProblem(headers: unknown): ExportOptionProblem | undefined {
  if (headers === undefined) return undefined;
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    return { option: 'headers', problem: `must be an object of strings, got ${describeOptionValue(headers)}` };
  }
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') return { option: `headers.${name}`, problem: `must be a string, got ${describeOptionValue(value)}` };
  }
  return undefined;
}

/** The problem of a URL option that must be an absolute `http:`/`https:` URL, or undefined. */
export function httpUrlProblem(value: unknown, option: string): ExportOptionProblem | undefined {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    return { option, problem: `must be an absolute http(s) URL, got ${describeOptionValue(value)}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { option, problem: `must use http: or https:, got ${describeOptionValue(value)}` };
  }
  return undefined;
}

/** Throws `problem` as a `TypeError` naming `owner` and the option. */
export function throwOptionProblem(owner: string, problem: ExportOptionProblem): never {
  throw new TypeError(`${owner}: option ${problem.option} ${problem.problem}`);
}
