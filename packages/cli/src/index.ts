// The programmatic API of @agent-otel/cli: run a command line in-process (`runCli`) and read a
// trace back from Jaeger (`JaegerClient`, `renderTraceTree`). The commands themselves are reached
// through `runCli` or the `agent-otel` executable.
export { runCli } from './program';
export type { RunCliOptions } from './program';
export type { CliOutput } from './cli-output';
export { EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_INTERRUPTED } from './cli-error';
export { JaegerClient, JaegerQueryError } from './jaeger/jaeger-client';
export type { JaegerClientOptions } from './jaeger/jaeger-client';
export type { TraceSpan } from './jaeger/trace-span';
export type { AttributeValue } from './jaeger/otlp-json';
export { renderTraceTree } from './jaeger/render-tree';
