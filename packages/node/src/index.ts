export { register } from './register';
export type { AgentOtelHandle, AgentOtelTracerProvider } from './register';
export { agentOtelSpanProcessors } from './agent-otel-span-processors';
export type { AgentOtelSpanProcessorsOptions } from './agent-otel-span-processors';
export { optionsFromEnv } from './from-env';
export type { Environment, EnvironmentOptions } from './from-env';
export type { EnvironmentProblem } from './env-problems';
export { InvalidOptionError } from './resolve-options';
export { DEFAULT_OTLP_TRACES_ENDPOINT, DEFAULT_EXPORT_TIMEOUT_MILLIS } from './build-pipeline';
export type { Pipeline } from './build-pipeline';
export type {
  CaptureOptions,
  ExporterOptions,
  ExporterTenancyOptions,
  ExporterTlsOptions,
  ExporterType,
  InstrumentationOptions,
  LogLevel,
  OtlpProtocol,
  RegisterOptions,
  ResolvedOptions,
  WalCaptureOptions,
} from './options';
export type { InstrumentationEntry, UserInstrumentation } from './user-instrumentation';
export { injectContext, extractContext, withExtractedContext } from './propagation/context-carrier';
export { carrierGetter, carrierSetter } from './propagation/carrier-accessors';
export type { Carrier, MapLikeCarrier } from './propagation/carrier-accessors';
export { createW3CPropagator } from './propagation/create-w3c-propagator';
export { StrictTraceContextPropagator } from './propagation/trace-context-propagator';
export type { StrictTraceContextPropagatorOptions } from './propagation/trace-context-propagator';
export { StrictBaggagePropagator } from './propagation/baggage-propagator';
