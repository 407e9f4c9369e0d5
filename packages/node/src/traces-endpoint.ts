import type { EnvReader } from './env-reader';
import { showUrl } from './env-problems';

/** The path of the traces signal under an OTLP/HTTP base URL. */
const TRACES_PATH = '/v1/traces';

/**
 * The traces endpoint from OTEL_EXPORTER_OTLP_ENDPOINT, the base URL of all signals: its path with
 * `/v1/traces` appended (a trailing slash first removed; a query string kept). A URL that already
 * ends in `/v1/traces` is used as it is — appending would give `.../v1/traces/v1/traces`, which a
 * collector answers with 404 — and a warning says so, since other OpenTelemetry SDKs reading the
 * same variable do append. Undefined when the variable is unset or not an http(s) URL (reported).
 */
export function tracesEndpointFromBase(r: EnvReader): string | undefined {
  const name = 'OTEL_EXPORTER_OTLP_ENDPOINT';
  const base = r.url([name], 'the default http://localhost:4318/v1/traces');
  if (base === undefined) return undefined;
  const url = new URL(base);
  const basePath = url.pathname.replace(/\/+$/, '');
  if (basePath.endsWith(TRACES_PATH)) {
    url.pathname = basePath;
    r.report(
      name,
      `${name}=${showUrl(base)} already ends in ${TRACES_PATH}; it is used as is. This variable is the base URL of all signals ` +
        `(other OpenTelemetry SDKs append ${TRACES_PATH} to it): set ${showUrl(base.replace(/\/v1\/traces\/*(?=$|[?#])/, ''))}, or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT for the full URL`,
    );
    return url.href;
  }
  url.pathname = basePath + TRACES_PATH;
  return url.href;
}
