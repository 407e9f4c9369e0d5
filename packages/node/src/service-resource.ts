import { createHash } from 'node:crypto';
import type { Attributes } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { ATTR_DEPLOYMENT_ENVIRONMENT_NAME } from '@opentelemetry/semantic-conventions/incubating';
import type { RegisterOptions } from './options';

/** The resource register() gives its provider: the SDK's default resource, then the options' attributes. */
export function serviceResource(resources: typeof import('@opentelemetry/resources'), o: RegisterOptions): Resource {
  return resources.defaultResource().merge(resources.resourceFromAttributes(resourceAttributes(o)));
}

/** Longest default WAL directory name derived from `service.name`. */
const MAX_DIR_NAME = 100;

/**
 * `service.name` of {@link serviceResource} made safe as one directory name (the WAL's default
 * directory). Computed without the resources package, so it is the same for register() and for
 * agentOtelSpanProcessors(): the options' name, else `unknown_service:<argv0>` as the SDK names it.
 * A name longer than {@link MAX_DIR_NAME} characters is cut and ends with a hash of the whole name,
 * since file systems refuse names over 255 bytes.
 */
export function serviceDirName(o: RegisterOptions): string {
  const argv0 = process.argv0;
  const name = String(resourceAttributes(o)[ATTR_SERVICE_NAME] ?? (argv0 ? `unknown_service:${argv0}` : 'unknown_service'));
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_') || 'unknown_service';
  if (safe.length <= MAX_DIR_NAME) return safe;
  return `${safe.slice(0, MAX_DIR_NAME - 17)}-${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;
}

function resourceAttributes(o: RegisterOptions): Attributes {
  const attributes: Attributes = { ...o.resourceAttributes };
  if (o.serviceName !== undefined) attributes[ATTR_SERVICE_NAME] = o.serviceName;
  if (o.serviceVersion !== undefined) attributes[ATTR_SERVICE_VERSION] = o.serviceVersion;
  if (o.environment !== undefined) attributes[ATTR_DEPLOYMENT_ENVIRONMENT_NAME] = o.environment;
  return attributes;
}
