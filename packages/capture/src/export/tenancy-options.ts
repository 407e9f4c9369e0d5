/** How spans are routed per tenant. Every field is optional; the defaults are stated on each. */
export interface TenancyOptions {
  /**
   * Request header that names the tenant, sent with every request of a tenant's spans (Jaeger's
   * multi-tenancy header; `X-Scope-OrgID` for Grafana Tempo). Default `x-tenant`.
   */
  header?: string;
  /**
   * Span attribute holding the tenant id; when a span lacks it, its resource's attribute of the same
   * name is used. Default `agent_otel.tenant.id` (set from the `tenant.id` baggage entry by
   * `GenAiSpanProcessor`).
   */
  attribute?: string;
  /** Endpoint per tenant id; tenants not listed go to the exporter's own URL. Default none. */
  endpoints?: Record<string, string>;
  /**
   * Tenant of spans that carry none (or one that is not a valid header value): they are sent as
   * this tenant. When unset they are sent to the exporter's own URL without the header, which a
   * backend that enforces tenancy rejects. Default none.
   */
  defaultTenant?: string;
}

/** `TenancyOptions` with defaults applied and values checked. */
export interface ResolvedTenancyOptions {
  readonly header: string;
  readonly attribute: string;
  readonly endpoints: Readonly<Record<string, string>>;
  readonly defaultTenant: string | undefined;
}

/** Default tenant header. */
export const DEFAULT_TENANT_HEADER = 'x-tenant';
/** Default tenant attribute. */
export const DEFAULT_TENANT_ATTRIBUTE = 'agent_otel.tenant.id';

/** Longest tenant id accepted; longer ones are treated as no tenant. */
export const MAX_TENANT_LENGTH = 256;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Visible ASCII and inner spaces: what can go in a header value without being refused or reshaped. */
const TENANT_VALUE = /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/;

/**
 * Whether `value` can be sent as a tenant: a string of 1 to 256 visible ASCII characters (inner
 * spaces allowed). Anything else — control characters, non-ASCII text from a baggage header — could
 * not be sent as a header value and is treated as no tenant.
 */
export function isValidTenant(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_TENANT_LENGTH && TENANT_VALUE.test(value);
}

/**
 * Applies the defaults and checks every value.
 * @throws TypeError naming the option (`tenancy.header`, `tenancy.endpoints.<tenant>`, ...).
 */
export function resolveTenancyOptions(options: TenancyOptions, owner: string): ResolvedTenancyOptions {
  const header = options.header ?? DEFAULT_TENANT_HEADER;
  if (typeof header !== 'string' || !HEADER_NAME.test(header)) {
    throw new TypeError(`${owner}: option tenancy.header must be an HTTP header name, got ${JSON.stringify(header)}`);
  }
  const attribute = options.attribute ?? DEFAULT_TENANT_ATTRIBUTE;
  if (typeof attribute !== 'string' || attribute === '') {
    throw new TypeError(`${owner}: option tenancy.attribute must be a non-empty string, got ${JSON.stringify(attribute)}`);
  }
  if (options.defaultTenant !== undefined && !isValidTenant(options.defaultTenant)) {
    throw new TypeError(`${owner}: option tenancy.defaultTenant must be 1 to ${MAX_TENANT_LENGTH} visible ASCII characters, got ${JSON.stringify(options.defaultTenant)}`);
  }
  const endpoints: Record<string, string> = {};
  for (const [tenant, url] of Object.entries(options.endpoints ?? {})) {
    if (!isValidTenant(tenant)) throw new TypeError(`${owner}: option tenancy.endpoints has an invalid tenant id ${JSON.stringify(tenant)}`);
    let parsed: URL | undefined;
    try {
      parsed = typeof url === 'string' ? new URL(url) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw new TypeError(`${owner}: option tenancy.endpoints.${tenant} must be an absolute http(s) URL, got ${JSON.stringify(url)}`);
    }
    endpoints[tenant] = parsed.href;
  }
  return { header: header.toLowerCase(), attribute, endpoints, defaultTenant: options.defaultTenant };
}
