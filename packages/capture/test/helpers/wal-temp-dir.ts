import { TempDirs } from '../../../../test/helpers/temp-dirs';

/** The temp-directory helper of every package's tests (test/helpers/temp-dirs.ts), naming the WAL tests' `agent-otel-wal-*`. */
export class WalTempDirs extends TempDirs {
  constructor() {
    super('agent-otel-wal-');
  }
}
