import type { TracerProvider } from '@opentelemetry/api';

/**
 * What register() needs of an instrumentation: the members every OpenTelemetry JS instrumentation
 * has (`@opentelemetry/instrumentation`'s `Instrumentation`, on the 2.x and 3.x lines, and
 * instrumentations built on older bases such as OpenInference's). Declared structurally so an
 * instrumentation built against another copy of `@opentelemetry/instrumentation` fits.
 */
export interface UserInstrumentation {
  /** The instrumentation's package name, e.g. `@opentelemetry/instrumentation-openai`. */
  readonly instrumentationName: string;
  /** Makes the instrumentation create its spans with `tracerProvider`. */
  setTracerProvider(tracerProvider: TracerProvider): void;
  /** Installs its hooks and patches. */
  enable(): void;
  /** Removes its patches. */
  disable(): void;
  /** Its configuration; `enabled: false` means it was constructed without enabling itself. */
  getConfig?(): { enabled?: boolean };
  /** The modules it patches (`@opentelemetry/instrumentation` ≥ 0.50); used to find modules loaded too early. */
  getModuleDefinitions?(): ReadonlyArray<ModuleDefinition>;
}

/** The part of `@opentelemetry/instrumentation`'s `InstrumentationModuleDefinition` register() reads. */
export interface ModuleDefinition {
  /** Module name, e.g. `http` or `openai`. */
  readonly name: string;
  /** The exports it patched; set by the instrumentation's require/import hook once it did. */
  moduleExports?: unknown;
  /** Patches the module's exports. */
  patch?: (moduleExports: never, moduleVersion?: string) => unknown;
}

/**
 * An entry of the `instrumentations` option: an instrumentation, or a function that constructs
 * one. With a function, an error thrown by the constructor is reported and that one
 * instrumentation is left out, instead of the error escaping from the application's own code.
 */
export type InstrumentationEntry = UserInstrumentation | (() => UserInstrumentation);
