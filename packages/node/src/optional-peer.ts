import { installedPackage } from './installed-package';
import { InvalidOptionError } from './resolve-options';

/** Which npm version range of an OTel package matches each trace SDK line. */
export interface LineRanges {
  /** Range on the OTel JS 2.x line (`@opentelemetry/sdk-trace` 2.x). */
  v2: string;
  /** Range on the OTel JS 3.x line. */
  v3: string;
}

/**
 * Loads an optional peer dependency that only some options need (an exporter package). When it is
 * not installed, throws an {@link InvalidOptionError} naming the option and the exact install
 * command for the trace SDK line the application has.
 */
export function loadOptionalPeer<T>(name: string, option: string, ranges: LineRanges): T {
  try {
    return require(name) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND' || !String((err as Error).message).includes(name)) throw err;
    const sdk = installedPackage('@opentelemetry/sdk-trace');
    const v3 = sdk !== undefined && Number(sdk.version.split('.')[0]) >= 3;
    const line = sdk ? ` (the application has @opentelemetry/sdk-trace ${sdk.version})` : '';
    throw new InvalidOptionError(option, `needs the package ${name}, which is not installed: npm install ${name}@'${v3 ? ranges.v3 : ranges.v2}'${line}`);
  }
}
