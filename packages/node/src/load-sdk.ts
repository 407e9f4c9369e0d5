import { installCommand, OTEL_PEERS, tryRequirePeer, type OtelPeer } from './otel-peers';

/** The SDK packages register() cannot work without, loaded from the application's installation. */
export interface SdkModules {
  sdkTrace: typeof import('@opentelemetry/sdk-trace');
  resources: typeof import('@opentelemetry/resources');
  contextAsyncHooks: typeof import('@opentelemetry/context-async-hooks');
  instrumentation: typeof import('@opentelemetry/instrumentation');
}

/** The loaded {@link SdkModules}, or the message that names every missing one and the install command. */
export function loadSdk(): { modules: SdkModules } | { missingMessage: string } {
  const wanted = [OTEL_PEERS.sdkTrace, OTEL_PEERS.resources, OTEL_PEERS.contextAsyncHooks, OTEL_PEERS.instrumentation];
  const loaded = wanted.map((peer) => tryRequirePeer<unknown>(peer));
  const missing = wanted.filter((_, i) => loaded[i] === undefined);
  if (missing.length > 0) {
    return {
      missingMessage:
        `agent-otel: register() installed nothing: the OpenTelemetry packages it builds on are not installed: ${names(missing)}. ` +
        `Install them beside @opentelemetry/api for the application's OTel line: ${installCommand(missing)}`,
    };
  }
  const [sdkTrace, resources, contextAsyncHooks, instrumentation] = loaded;
  return { modules: { sdkTrace, resources, contextAsyncHooks, instrumentation } as SdkModules };
}

/** The message register() logs when an instrumentation it would enable is not installed. */
export function missingInstrumentationMessage(peer: OtelPeer, traces: string): string {
  return `agent-otel: register() does not trace ${traces}: ${peer.name} is not installed. ${installCommand([peer])}, or set instrumentations.${peer === OTEL_PEERS.instrumentationHttp ? 'http' : 'undici'}: false to silence this`;
}

function names(peers: readonly OtelPeer[]): string {
  return peers.map((p) => p.name).join(', ');
}
