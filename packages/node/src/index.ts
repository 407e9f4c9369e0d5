export { register } from './register';
export type { AgentOtelHandle } from './register';
export { optionsFromEnv } from './from-env';
export type { Environment } from './from-env';
export { InvalidOptionError } from './resolve-options';
export { DEFAULT_OTLP_TRACES_ENDPOINT, DEFAULT_EXPORT_TIMEOUT_MILLIS } from './create-exporter';
export type { ExporterOptions, InstrumentationOptions, OtlpProtocol, RegisterOptions } from './options';
