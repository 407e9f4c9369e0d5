import type OpenAI from 'openai';

/** One module definition of an instrumentation: the patch its require hook applies. */
interface ModuleDefinition {
  patch?: (exports: unknown, version?: string) => unknown;
  unpatch?: (exports: unknown, version?: string) => void;
}

/**
 * What tests need of an OpenTelemetry instrumentation: its module definitions, through
 * `getModuleDefinitions()` (instrumentation 0.50+) or `init()` (older bases, such as the 0.46 one
 * OpenInference's instrumentation is built on).
 */
export interface PatchableInstrumentation {
  getModuleDefinitions?(): ModuleDefinition[];
  init?(): ModuleDefinition | ModuleDefinition[];
}

/** The `openai` package patched by `instrumentation`, and a way to undo it. */
export interface PatchedOpenAi {
  readonly OpenAI: typeof OpenAI;
  unpatch(): void;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the version file is not in openai's typed exports
const OPENAI_VERSION: string = (require('openai/version') as { VERSION: string }).VERSION;

/**
 * Applies `instrumentation`'s own patch to the `openai` module exactly as its require hook would.
 * Jest loads modules through its own registry, which the instrumentations' require-in-the-middle
 * hooks do not see, so the tests call the hook's patch function with the loaded module instead.
 * Register the instrumentation (`registerInstrumentations`) first so it has the tracer provider.
 */
export function patchOpenAi(instrumentation: PatchableInstrumentation): PatchedOpenAi {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the CommonJS exports object itself is what the patch rewrites
  const exports = require('openai') as { default: typeof OpenAI; OpenAI: typeof OpenAI };
  const definitions = typeof instrumentation.getModuleDefinitions === 'function' ? instrumentation.getModuleDefinitions() : [instrumentation.init?.() ?? []].flat();
  for (const definition of definitions) definition.patch?.(exports, OPENAI_VERSION);
  return {
    OpenAI: exports.OpenAI,
    unpatch: () => {
      for (const definition of definitions) definition.unpatch?.(exports, OPENAI_VERSION);
    },
  };
}
