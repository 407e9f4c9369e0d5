import { TempDirs as SharedTempDirs } from '../../../../test/helpers/temp-dirs';

/** The temp-directory helper of every package's tests (test/helpers/temp-dirs.ts), naming the cli's `agent-otel-cli-*`. */
export class TempDirs extends SharedTempDirs {
  constructor() {
    super('agent-otel-cli-');
  }
}
