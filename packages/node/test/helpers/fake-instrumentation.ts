import type { TracerProvider } from '@opentelemetry/api';
import type { ModuleDefinition, UserInstrumentation } from '../../src/user-instrumentation';

/** What can make a {@link FakeInstrumentation} fail. */
export interface FakeInstrumentationBehaviour {
  /** Modules it claims to patch (`getModuleDefinitions()`). */
  modules?: string[];
  /** Reports `enabled: false`, as one constructed with `{ enabled: false }`. */
  constructedDisabled?: boolean;
  throwOnEnable?: Error;
  throwOnSetTracerProvider?: Error;
  throwOnDisable?: Error;
}

/** An instrumentation that records the calls register() makes on it. */
export class FakeInstrumentation implements UserInstrumentation {
  readonly calls: string[] = [];
  tracerProvider: TracerProvider | undefined;
  private enabled: boolean;

  constructor(
    readonly instrumentationName: string,
    private readonly behaviour: FakeInstrumentationBehaviour = {},
  ) {
    this.enabled = !behaviour.constructedDisabled;
  }

  setTracerProvider(tracerProvider: TracerProvider): void {
    this.calls.push('setTracerProvider');
    if (this.behaviour.throwOnSetTracerProvider) throw this.behaviour.throwOnSetTracerProvider;
    this.tracerProvider = tracerProvider;
  }

  enable(): void {
    this.calls.push('enable');
    if (this.behaviour.throwOnEnable) throw this.behaviour.throwOnEnable;
    this.enabled = true;
  }

  disable(): void {
    this.calls.push('disable');
    this.enabled = false;
    if (this.behaviour.throwOnDisable) throw this.behaviour.throwOnDisable;
  }

  getConfig(): { enabled?: boolean } {
    return { enabled: this.enabled };
  }

  isEnabled(): boolean {
    return this.enabled;
  }

  getModuleDefinitions(): ModuleDefinition[] {
    return (this.behaviour.modules ?? []).map((name) => ({ name }));
  }
}
