/** The temp-directory helper of every package's tests (test/helpers/temp-dirs.ts at the root). */
export { TempDirs } from '../../../../test/helpers/temp-dirs';
