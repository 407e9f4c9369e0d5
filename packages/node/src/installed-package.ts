import * as fs from 'node:fs';
import * as path from 'node:path';

/** Where an installed package was found and its version. */
export interface InstalledPackage {
  /** The package's directory. */
  dir: string;
  /** `version` of its package.json. */
  version: string;
}

/**
 * Finds the copy of package `name` that `require` from `fromFile` (default: this module) loads, and
 * reads its version. Works for packages whose `exports` map does not expose `./package.json` (the
 * OTel JS 3.x packages): it resolves the entry point and walks up to the package.json naming the
 * package. Undefined when the package cannot be resolved.
 */
export function installedPackage(name: string, fromFile: string = __filename): InstalledPackage | undefined {
  let entry: string;
  try {
    entry = require.resolve(name, { paths: [path.dirname(fromFile)] });
  } catch {
    return undefined;
  }
  for (let dir = path.dirname(entry); ; dir = path.dirname(dir)) {
    const manifest = readManifest(path.join(dir, 'package.json'));
    if (manifest?.name === name && typeof manifest.version === 'string') return { dir, version: manifest.version };
    if (path.dirname(dir) === dir) return undefined;
  }
}

function readManifest(file: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}
