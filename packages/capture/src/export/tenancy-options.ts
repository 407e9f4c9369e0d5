import { describeOptionValue, httpUrlProblem, throwOptionProblem, type ExportOptionProblem } from './export-option-problem';

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
const DEFAULT_TENANT_HEADER = 'x-tenant';
/** Default tenant attribute. */
const DEFAULT_TENANT_ATTRIBUTE = 'agent_otel.tenant.id';

/** Longest tenant id accepted; longer ones are treated as no tenant. */
const MAX_TENANT_LENGTH = 256;
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

const TENANCY_KEYS: readonly string[] = ['header', 'attribute', 'endpoints', 'defaultTenant'];

/**
 * The first problem of the `tenancy` option, or undefined when it is fine: the one check of tenant
 * routing settings, for the exporter and for `register()` (options in code and AGENT_OTEL_TENANCY).
 * Unknown fields are problems too: a misspelt `defaultTenant` would otherwise send tenant-less
 * spans without a tenant.
 */
export function tenancyProblem(t: unknown): ExportOptionProblem | undefined {
  if (typeof t !== 'object' || t === null || Array.isArray(t)) return { option: 'tenancy', problem: `must be an object, got ${describeOptionValue(t)}` };
  const o = t as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => !TENANCY_KEYS.includes(k));
  if (unknown !== undefined) return { option: `tenancy.${unknown}`, problem: `is not an option (${TENANCY_KEYS.join(', ')})` };
  if (o.header !== undefined && (typeof o.header !== 'string' || !HEADER_NAME.test(o.header))) {
    return { option: 'tenancy.header', problem: `must be an HTTP header name, got ${describeOptionValue(o.header)}` };
  }
  if (o.attribute !== undefined && (typeof o.attribute !== 'string' || o.attribute.trim() === '')) {
    return { option: 'tenancy.attribute', problem: `must be a non-empty string, got ${describeOptionValue(o.attribute)}` };
  }
  if (o.defaultTenant !== undefined && !isValidTenant(o.defaultTenant)) {
    return { option: 'tenancy.defaultTenant', problem: `must be 1 to ${MAX_TENANT_LENGTH} visible ASCII characters, got ${describeOptionValue(o.defaultTenant)}` };
  }
  if (o.endpoints !== undefined) {
    if (typeof o.endpoints !== 'object' || o.endpoints === null || Array.isArray(o.endpoints)) {
      return { option: 'tenancy.endpoints', problem: `must be an object of tenant id to URL, got ${describeOptionValue(o.endpoints)}` };
    }
    for (const [tenant, url] of Object.entries(o.endpoints)) {
      if (!isValidTenant(tenant)) return { option: 'tenancy.endpoints', problem: `has an invalid tenant id ${describeOptionValue(tenant)}` };
      const problem = httpUrlProblem(url, `tenancy.endpoints.${tenant}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

/**
 * Applies the defaults and checks every value (see {@link tenancyProblem}).
 * @throws TypeError naming the option (`tenancy.header`, `tenancy.endpoints.<tenant>`, ...).
 */
export function resolveTenancyOptions(options: TenancyOptions, owner: string): ResolvedTenancyOptions {
  const problem = tenancyProblem(options);
  if (problem) throwOptionProblem(owner, problem);
  const endpoints: Record<string, string> = {};
  for (const [tenant, url] of Object.entries(options.endpoints ?? {})) endpoints[tenant] = new URL(url).href;
  return {
    header: (options.header ?? DEFAULT_TENANT_HEADER).toLowerCase(),
    attribute: options.attribute ?? DEFAULT_TENANT_ATTRIBUTE,
    endpoints,
    defaultTenant: options.defaultTenant,
  };
}
