import { parseWalKey } from '@agent-otel/capture';
import { WAL_KEY_FORMAT } from '@agent-otel/capture/internal';
import { UsageError } from './cli-error';

/**
 * Parses `--key` with the rule `AGENT_OTEL_WAL_KEY` follows (capture's `parseWalKey`). Throws a
 * {@link UsageError} that never repeats the value (it is a secret).
 */
export function parseKey(text: string): Buffer {
  const key = parseWalKey(text);
  if (key === undefined) throw new UsageError(`--key must be ${WAL_KEY_FORMAT}`);
  return key;
}
