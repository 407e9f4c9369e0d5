import * as diagnosticsChannel from 'node:diagnostics_channel';

/** The automatic instrumentations register() may enable itself. */
export type OwnInstrumentation = 'http' | 'undici';

/** Package name of the OTel instrumentation behind each of ours. */
const PACKAGE_OF: Record<OwnInstrumentation, string> = {
  http: '@opentelemetry/instrumentation-http',
  undici: '@opentelemetry/instrumentation-undici',
};

/** The part of an OTel `Instrumentation` read here. */
export interface NamedInstrumentation {
  readonly instrumentationName: string;
}

/**
 * Why register() must not enable its own http / undici instrumentation, per instrumentation: one
 * of the same module already runs in this process, so a second would make every span twice (two
 * lines of one instrumentation, e.g. undici 0.33 beside 0.34, both patch). Checked:
 * - the instrumentations the application hands to register() (by `instrumentationName`);
 * - `node:http`: `request`, `get` or `Server.prototype.emit` already wrapped by an OTel
 *   instrumentation (shimmer's `__wrapped` mark). `node:http` is required afresh first, so the
 *   require hook of an instrumentation the application enabled earlier patches it now if it has not;
 * - undici / fetch: a subscriber on the `undici:request:create` diagnostics channel, which is how
 *   the undici instrumentation of both lines observes requests.
 */
export function ownInstrumentationConflicts(given: readonly NamedInstrumentation[] = []): Partial<Record<OwnInstrumentation, string>> {
  const conflicts: Partial<Record<OwnInstrumentation, string>> = {};
  for (const own of ['http', 'undici'] as const) {
    const match = given.find((i) => i?.instrumentationName === PACKAGE_OF[own]);
    if (match) conflicts[own] = `the instrumentations given to register() include ${PACKAGE_OF[own]}`;
  }
  if (!conflicts.http && httpAlreadyPatched()) {
    conflicts.http = 'node:http is already patched by an instrumentation the application enabled (e.g. getNodeAutoInstrumentations())';
  }
  if (!conflicts.undici && diagnosticsChannel.channel('undici:request:create').hasSubscribers) {
    conflicts.undici = 'undici/fetch requests are already observed by an instrumentation the application enabled (e.g. getNodeAutoInstrumentations())';
  }
  return conflicts;
}

function httpAlreadyPatched(): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- read at call time: the module instrumentations patched
  const http = require('node:http') as typeof import('node:http');
  return isWrapped(http.request) || isWrapped(http.get) || isWrapped(http.Server?.prototype?.emit);
}

/** The mark shimmer (used by every OTel JS instrumentation) leaves on a function it wrapped. */
function isWrapped(fn: unknown): boolean {
  return typeof fn === 'function' && (fn as { __wrapped?: unknown }).__wrapped === true && typeof (fn as { __original?: unknown }).__original === 'function';
}
