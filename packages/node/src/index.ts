// The public API of @agent-otel/node; `@agent-otel/node/register` is the preload (no exports).
export { register } from './register';
export type { AgentOtelHandle, AgentOtelTracerProvider } from './register';
export { agentOtelSpanProcessors } from './agent-otel-span-processors';
export type { AgentOtelSpanProcessorsOptions } from './agent-otel-span-processors';
export { optionsFromEnv } from './from-env';
export type { Environment, EnvironmentOptions, ZipkinEnvironment } from './from-env';
export type { EnvironmentProblem } from './env-problems';
export { InvalidOptionError } from './resolve-options';
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
export type { InstrumentationEntry, ModuleDefinition, UserInstrumentation } from './user-instrumentation';
export { injectContext, extractContext, withExtractedContext } from './propagation/context-carrier';
export type { Carrier, MapLikeCarrier } from './propagation/carrier-accessors';
export { createW3CPropagator } from './propagation/create-w3c-propagator';
export type { StrictTraceContextPropagatorOptions } from './propagation/trace-context-propagator';
