import type { Attributes } from '@opentelemetry/api';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { ATTR_DEPLOYMENT_ENVIRONMENT_NAME } from '@opentelemetry/semantic-conventions/incubating';
import type { RegisterOptions } from './options';

/** The resource register() gives its provider: the SDK's default resource, then the options' attributes. */
export function serviceResource(o: RegisterOptions): ReturnType<typeof defaultResource> {
  return defaultResource().merge(resourceFromAttributes(resourceAttributes(o)));
}

/** `service.name` of {@link serviceResource}, made safe as one directory name (the WAL's default directory). */
export function serviceDirName(o: RegisterOptions): string {
  const name = String(serviceResource(o).attributes[ATTR_SERVICE_NAME] ?? 'unknown_service');
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_') || 'unknown_service';
}

function resourceAttributes(o: RegisterOptions): Attributes {
  const attributes: Attributes = { ...o.resourceAttributes };
  if (o.serviceName !== undefined) attributes[ATTR_SERVICE_NAME] = o.serviceName;
  if (o.serviceVersion !== undefined) attributes[ATTR_SERVICE_VERSION] = o.serviceVersion;
  if (o.environment !== undefined) attributes[ATTR_DEPLOYMENT_ENVIRONMENT_NAME] = o.environment;
  return attributes;
}
