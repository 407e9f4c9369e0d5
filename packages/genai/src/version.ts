/** Version of `@agent-otel/genai`, reported as the instrumentation scope version of its tracer. */
export const VERSION = '0.1.0';

/** Instrumentation scope name of the tracer the helpers use by default. */
export const TRACER_NAME = '@agent-otel/genai';
