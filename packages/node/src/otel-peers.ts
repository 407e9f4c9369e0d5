import { installedPackage } from './installed-package';
import { InvalidOptionError } from './resolve-options';

/**
 * The OpenTelemetry packages @agent-otel/node builds on. They are the application's: optional peer
 * dependencies (npm never picks a version for them, so installing agent-otel adds no copy and no
 * line of its own), loaded when first needed, with one clear message naming what is missing and the
 * install command for the application's OTel line.
 */
export const OTEL_PEERS = {
  sdkTrace: { name: '@opentelemetry/sdk-trace', v2: '^2.12.0', v3: '^3.1.0' },
  resources: { name: '@opentelemetry/resources', v2: '^2.12.0', v3: '^3.1.0' },
  contextAsyncHooks: { name: '@opentelemetry/context-async-hooks', v2: '^2.12.0', v3: '^3.1.0' },
  instrumentation: { name: '@opentelemetry/instrumentation', v2: '^0.223.0', v3: '^0.301.0' },
  instrumentationHttp: { name: '@opentelemetry/instrumentation-http', v2: '^0.223.0', v3: '^0.301.0' },
  instrumentationUndici: { name: '@opentelemetry/instrumentation-undici', v2: '^0.33.0', v3: '^0.34.0' },
  exporterOtlpHttp: { name: '@opentelemetry/exporter-trace-otlp-http', v2: '^0.223.0', v3: '^0.301.0' },
} as const;

/** One of {@link OTEL_PEERS}: the package and its range on each line. */
export interface OtelPeer {
  readonly name: string;
  readonly v2: string;
  readonly v3: string;
}

/**
 * The application's OTel JS line: the major of its `@opentelemetry/sdk-trace`; without one, 3 when
 * its `@opentelemetry/api` is 1.10 or later, else 2 when it has an API, else what the running Node
 * supports (3.x needs Node 22.15).
 */
export function otelLine(): 2 | 3 {
  const sdk = installedPackage('@opentelemetry/sdk-trace');
  if (sdk) return Number(sdk.version.split('.')[0]) >= 3 ? 3 : 2;
  const api = installedPackage('@opentelemetry/api');
  if (api) return Number(api.version.split('.')[1]) >= 10 ? 3 : 2;
  const [major, minor] = process.versions.node.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 15) ? 3 : 2;
}

/** `npm install` of `peers` at the ranges of the application's line, e.g. for an error message. */
export function installCommand(peers: readonly OtelPeer[]): string {
  const line = otelLine();
  return `npm install ${peers.map((p) => `${p.name}@'${line === 3 ? p.v3 : p.v2}'`).join(' ')} (OTel JS ${line}.x)`;
}

/** Loads a peer, or undefined when that package is not installed (any other load error is thrown). */
export function tryRequirePeer<T>(peer: OtelPeer): T | undefined {
  try {
    return require(peer.name) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && String((err as Error).message).includes(`'${peer.name}'`)) return undefined;
    throw err;
  }
}

/**
 * Loads a peer that only some options need (an exporter package); when it is not installed, throws
 * an {@link InvalidOptionError} naming the option and the install command.
 */
export function requirePeerForOption<T>(peer: OtelPeer, option: string): T {
  const loaded = tryRequirePeer<T>(peer);
  if (loaded === undefined) throw new InvalidOptionError(option, `needs the package ${peer.name}, which is not installed: ${installCommand([peer])}`);
  return loaded;
}
