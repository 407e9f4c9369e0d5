import { InvalidOptionError } from './invalid-option-error';
import type { ExporterTenancyOptions } from './options';

const TENANCY_KEYS = ['header', 'attribute', 'endpoints', 'defaultTenant'];

/**
 * Checks the fields of `exporter.tenancy` (given in code, or parsed from AGENT_OTEL_TENANCY) and
 * throws {@link InvalidOptionError} naming the first bad one. Unknown fields are errors too: a
 * misspelt `defaultTenant` would otherwise send tenant-less spans without a tenant.
 */
export function validateTenancyFields(t: ExporterTenancyOptions): void {
  if (typeof t !== 'object' || t === null || Array.isArray(t)) throw new InvalidOptionError('exporter.tenancy', `must be an object, got ${describe(t)}`);
  const unknown = Object.keys(t).filter((k) => !TENANCY_KEYS.includes(k));
  if (unknown.length > 0) throw new InvalidOptionError(`exporter.tenancy.${unknown[0]}`, `is not an option (${TENANCY_KEYS.join(', ')})`);
  if (t.header !== undefined && (typeof t.header !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(t.header))) {
    throw new InvalidOptionError('exporter.tenancy.header', `must be an HTTP header name, got ${describe(t.header)}`);
  }
  if (t.attribute !== undefined && (typeof t.attribute !== 'string' || t.attribute.trim() === '')) {
    throw new InvalidOptionError('exporter.tenancy.attribute', `must be a non-empty string, got ${describe(t.attribute)}`);
  }
  if (t.defaultTenant !== undefined && !validTenant(t.defaultTenant)) {
    throw new InvalidOptionError('exporter.tenancy.defaultTenant', `must be 1 to 256 visible ASCII characters, got ${describe(t.defaultTenant)}`);
  }
  if (t.endpoints !== undefined) {
    if (typeof t.endpoints !== 'object' || t.endpoints === null || Array.isArray(t.endpoints)) {
      throw new InvalidOptionError('exporter.tenancy.endpoints', `must be an object of tenant id to URL, got ${describe(t.endpoints)}`);
    }
    for (const [tenant, url] of Object.entries(t.endpoints)) {
      if (!validTenant(tenant)) throw new InvalidOptionError('exporter.tenancy.endpoints', `has an invalid tenant id ${describe(tenant)}`);
      checkHttpUrl(url, `exporter.tenancy.endpoints.${tenant}`);
    }
  }
}

/** A tenant id that can be sent as a header value: 1 to 256 visible ASCII characters, inner spaces allowed. */
function validTenant(v: unknown): boolean {
  return typeof v === 'string' && v.length <= 256 && /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(v);
}

/** Throws {@link InvalidOptionError} naming `name` unless `v` is an absolute http(s) URL. */
export function checkHttpUrl(v: unknown, name: string): void {
  let url: URL;
  try {
    url = new URL(String(v));
  } catch {
    throw new InvalidOptionError(name, `must be an absolute http(s) URL, got ${describe(v)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidOptionError(name, `must use http: or https:, got ${describe(v)}`);
  }
}

/** A value as option errors show it. */
export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || typeof v !== 'object') return String(v);
  return Array.isArray(v) ? 'an array' : 'an object';
}
