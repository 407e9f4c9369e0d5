/** The path of the traces signal under an OTLP/HTTP base URL. */
const TRACES_PATH = '/v1/traces';

/** The traces endpoint under an OTLP base URL, and whether the base already named it. */
export interface TracesEndpoint {
  url: string;
  /** The base already ended in `/v1/traces`, so it is used as is. */
  alreadyTraces: boolean;
  /** The base URL without `/v1/traces`, for messages. */
  base: string;
}

/**
 * The traces endpoint of an OTLP/HTTP base URL (OTEL_EXPORTER_OTLP_ENDPOINT, the base URL of all
 * signals): its path with `/v1/traces` appended, a trailing slash first removed and a query string
 * kept. A URL that already ends in `/v1/traces` is used as it is: appending would give
 * `.../v1/traces/v1/traces`, which a collector answers with 404. `base` must be an absolute URL.
 */
export function tracesEndpoint(base: string): TracesEndpoint {
  const url = new URL(base);
  const basePath = url.pathname.replace(/\/+$/, '');
  const alreadyTraces = basePath.endsWith(TRACES_PATH);
  url.pathname = alreadyTraces ? basePath : basePath + TRACES_PATH;
  const bare = new URL(url.href);
  bare.pathname = alreadyTraces ? basePath.slice(0, -TRACES_PATH.length) : basePath;
  // `http://h:4318`, not `http://h:4318/`, as people write a base URL.
  return { url: url.href, alreadyTraces, base: bare.pathname === '/' ? bare.href.replace(/\/(?=[?#]|$)/, '') : bare.href };
}
