import { describeOptionValue, headersProblem, httpUrlProblem, tenancyProblem, type ExportOptionProblem } from '@agent-otel/capture/internal';
import { InvalidOptionError } from './invalid-option-error';
import type { ExporterTenancyOptions } from './options';

/**
 * Checks the fields of `exporter.tenancy` (given in code, or parsed from AGENT_OTEL_TENANCY) with
 * the exporter's own rules (`tenancyProblem` of @agent-otel/capture) and throws
 * {@link InvalidOptionError} naming the first bad one, unknown fields included.
 */
export function validateTenancyFields(t: ExporterTenancyOptions): void {
  throwIf(tenancyProblem(t));
}

/** Checks `exporter.headers` with the exporter's own rules; throws {@link InvalidOptionError} naming the bad header. */
export function validateHeaders(headers: unknown): void {
  throwIf(headersProblem(headers));
}

/** Throws {@link InvalidOptionError} naming `name` unless `v` is an absolute http(s) URL. */
export function checkHttpUrl(v: unknown, name: string): void {
  const problem = httpUrlProblem(v, name);
  if (problem) throw new InvalidOptionError(name, problem.problem);
}

/** A value as option errors show it. */
export function describe(v: unknown): string {
  return describeOptionValue(v);
}

function throwIf(problem: ExportOptionProblem | undefined): void {
  if (problem) throw new InvalidOptionError(`exporter.${problem.option}`, problem.problem);
}
