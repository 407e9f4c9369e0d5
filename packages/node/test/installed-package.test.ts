import * as fs from 'node:fs';
import * as path from 'node:path';
import { installedPackage } from '../src/installed-package';
import { TempDirs } from './helpers/temp-dirs';

describe('installedPackage()', () => {
  const tempDirs = new TempDirs('agent-otel-installed-package-');
  let dir: string;
  beforeAll(() => {
    // A package shaped like the OTel JS 3.x ones: its exports map does not expose ./package.json.
    dir = tempDirs.make();
    const pkg = path.join(dir, 'node_modules', '@scope', 'exports-only');
    fs.mkdirSync(path.join(pkg, 'dist'), { recursive: true });
    fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: '@scope/exports-only', version: '3.1.1', exports: { '.': { require: './dist/index.cjs' } } }));
    fs.writeFileSync(path.join(pkg, 'dist', 'package.json'), JSON.stringify({ type: 'commonjs' }));
    fs.writeFileSync(path.join(pkg, 'dist', 'index.cjs'), 'module.exports = {};');
  });
  afterAll(() => tempDirs.cleanup());

  it('finds the copy this package loads and its version', () => {
    // The monorepo's hoisted copy (its exports map does not expose ./package.json either).
    const apiDir = path.resolve(__dirname, '..', '..', '..', 'node_modules', '@opentelemetry', 'api');
    const api = installedPackage('@opentelemetry/api');
    expect(api).toEqual({ dir: apiDir, version: JSON.parse(fs.readFileSync(path.join(apiDir, 'package.json'), 'utf8')).version });
  });

  it('walks up past nested package.json files to the one naming the package, when ./package.json is not exported', () => {
    expect(installedPackage('@scope/exports-only', path.join(dir, 'app.js'))).toEqual({ dir: path.join(dir, 'node_modules', '@scope', 'exports-only'), version: '3.1.1' });
  });

  it('is undefined for a package that is not installed', () => {
    expect(installedPackage('@scope/not-installed', path.join(dir, 'app.js'))).toBeUndefined();
  });
});
