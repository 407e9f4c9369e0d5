import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';

/** One diag message. */
export interface DiagEntry {
  level: 'error' | 'warn' | 'info' | 'debug' | 'verbose';
  message: string;
}

/** Installs a global diag logger that keeps every message from `info` up; until `diag.disable()`. */
export function captureDiag(): DiagEntry[] {
  const entries: DiagEntry[] = [];
  const keep =
    (level: DiagEntry['level']) =>
    (message: string): void => {
      entries.push({ level, message });
    };
  const logger: DiagLogger = { error: keep('error'), warn: keep('warn'), info: keep('info'), debug: keep('debug'), verbose: keep('verbose') };
  diag.setLogger(logger, { logLevel: DiagLogLevel.INFO, suppressOverrideMessage: true });
  return entries;
}
