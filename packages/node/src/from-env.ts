import { diag } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import type { ExporterOptions, OtlpProtocol, RegisterOptions } from './options';
import { parseKeyValueList } from './key-value-list';

/** The environment as register() sees it; `process.env` unless a test passes its own. */
export type Environment = Record<string, string | undefined>;

const TRACES_PATH = '/v1/traces';

/**
 * Reads every environment variable agent-otel honours and returns them as {@link RegisterOptions}.
 * This is the only place that reads the environment; constructors take options only.
 * Values that cannot be parsed are ignored with a diag warning naming the variable.
 */
export function optionsFromEnv(env: Environment = process.env): RegisterOptions {
  const resource = resourceFromEnv(env);
  const options: RegisterOptions = {
    serviceName: nonEmpty(env.OTEL_SERVICE_NAME) ?? stringAttr(resource, 'service.name'),
    serviceVersion: stringAttr(resource, 'service.version'),
    environment: stringAttr(resource, 'deployment.environment.name') ?? nonEmpty(env.AGENT_OTEL_ENVIRONMENT),
    resourceAttributes: resource,
    exporter: exporterFromEnv(env),
    disabled: bool(env, 'OTEL_SDK_DISABLED'),
  };
  const agentName = nonEmpty(env.AGENT_OTEL_AGENT_NAME);
  const agentVersion = nonEmpty(env.AGENT_OTEL_AGENT_VERSION);
  if (agentName !== undefined || agentVersion !== undefined) options.genai = { agentName, agentVersion };
  return options;
}

function resourceFromEnv(env: Environment): Attributes {
  const raw = env.OTEL_RESOURCE_ATTRIBUTES;
  if (!raw) return {};
  return parseKeyValueList(raw, (entry, reason) =>
    diag.warn(`agent-otel: OTEL_RESOURCE_ATTRIBUTES entry ${JSON.stringify(entry)} ignored: ${reason}`),
  );
}

function exporterFromEnv(env: Environment): ExporterOptions {
  const exporter: ExporterOptions = {};
  const type = nonEmpty(env.OTEL_TRACES_EXPORTER)?.split(',')[0].trim();
  if (type !== undefined) {
    if (type === 'otlp' || type === 'console' || type === 'none') exporter.type = type;
    else diag.warn(`agent-otel: OTEL_TRACES_EXPORTER=${type} is not supported (otlp, console, none); using otlp`);
  }
  const tracesEndpoint = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const baseEndpoint = nonEmpty(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (tracesEndpoint !== undefined) exporter.endpoint = tracesEndpoint;
  else if (baseEndpoint !== undefined) exporter.endpoint = baseEndpoint.replace(/\/+$/, '') + TRACES_PATH;

  const headers = nonEmpty(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS) ?? nonEmpty(env.OTEL_EXPORTER_OTLP_HEADERS);
  if (headers !== undefined) {
    exporter.headers = parseKeyValueList(headers, (entry, reason) =>
      diag.warn(`agent-otel: OTLP header entry ${JSON.stringify(entry)} ignored: ${reason}`),
    );
  }
  const timeout = firstSet(env, 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 'OTEL_EXPORTER_OTLP_TIMEOUT');
  if (timeout !== undefined) {
    const ms = Number(timeout[1]);
    if (Number.isFinite(ms) && ms > 0) exporter.timeoutMillis = ms;
    else diag.warn(`agent-otel: ${timeout[0]}=${timeout[1]} is not a positive number of milliseconds; ignored`);
  }
  const protocol = firstSet(env, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL');
  if (protocol !== undefined) {
    if (protocol[1] === 'http/protobuf' || protocol[1] === 'http/json') exporter.protocol = protocol[1] as OtlpProtocol;
    else diag.warn(`agent-otel: ${protocol[0]}=${protocol[1]} is not supported (http/protobuf, http/json); using http/protobuf`);
  }
  const compression = firstSet(env, 'OTEL_EXPORTER_OTLP_TRACES_COMPRESSION', 'OTEL_EXPORTER_OTLP_COMPRESSION');
  if (compression !== undefined) {
    if (compression[1] === 'gzip' || compression[1] === 'none') exporter.compression = compression[1];
    else diag.warn(`agent-otel: ${compression[0]}=${compression[1]} is not supported (gzip, none); ignored`);
  }
  return exporter;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function firstSet(env: Environment, ...names: string[]): [string, string] | undefined {
  for (const name of names) {
    const value = nonEmpty(env[name]);
    if (value !== undefined) return [name, value];
  }
  return undefined;
}

function bool(env: Environment, name: string): boolean | undefined {
  const value = nonEmpty(env[name])?.toLowerCase();
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  diag.warn(`agent-otel: ${name}=${value} is not true or false; ignored`);
  return undefined;
}

function stringAttr(attributes: Attributes, key: string): string | undefined {
  const value = attributes[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
