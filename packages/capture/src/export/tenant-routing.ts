import { diag } from '@opentelemetry/api';
import type { ReadableSpan } from '../sdk-trace-types';
import { splitRequestByTenant } from './otlp-tenant-splitter';
import { isValidTenant, type ResolvedTenancyOptions } from './tenancy-options';

/**
 * Which tenant each span is sent as, for `OtlpHttpSpanExporter` with `tenancy` set: the span
 * attribute `tenancy.attribute`, else that attribute on the span's resource, else
 * `tenancy.defaultTenant` (undefined: no tenant). String and integer values count; a value that is
 * not a valid tenant id is counted, reported once through diag, and sent as `defaultTenant`.
 */
export class TenantRouting {
  /** Spans whose tenant attribute was not a valid tenant id, total. */
  invalidTenants = 0;

  /** @param options resolved by `resolveTenancyOptions`. */
  constructor(readonly options: ResolvedTenancyOptions) {}

  /** `spans` grouped by tenant, in order of first appearance. */
  group(spans: readonly ReadableSpan[]): Map<string | undefined, ReadableSpan[]> {
    const { attribute } = this.options;
    const groups = new Map<string | undefined, ReadableSpan[]>();
    for (const span of spans) {
      const tenant = this.tenantOf(span.attributes[attribute] ?? span.resource.attributes[attribute]);
      const group = groups.get(tenant);
      if (group) group.push(span);
      else groups.set(tenant, [span]);
    }
    return groups;
  }

  /**
   * Encoded OTLP/protobuf request bytes split into one request per tenant (see `splitRequestByTenant`).
   * @throws ProtobufDecodeError when the bytes are not well-formed.
   */
  split(bytes: Uint8Array): [string | undefined, Uint8Array][] {
    const split = splitRequestByTenant(bytes, this.options.attribute, (raw) => this.tenantOf(raw));
    return [...split].map(([tenant, chunks]) => [tenant, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)]);
  }

  /** The tenant a span is sent as: its own when valid, else the default tenant (or none). */
  tenantOf(raw: unknown): string | undefined {
    const value = typeof raw === 'number' && Number.isInteger(raw) ? String(raw) : raw;
    if (isValidTenant(value)) return value;
    if (value !== undefined && this.invalidTenants++ === 0) {
      diag.warn(
        `agent-otel: a span's tenant id is not a valid header value (1 to 256 visible ASCII characters); such spans are sent as ${this.options.defaultTenant ?? 'no tenant'}`,
      );
    }
    return this.options.defaultTenant;
  }
}
