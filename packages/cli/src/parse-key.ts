import { UsageError } from './cli-error';

const KEY_BYTES = 32;
const HEX_KEY = /^[0-9a-fA-F]{64}$/;
// 32 bytes are 43 base64 characters plus one `=` of padding; the URL-safe alphabet is accepted too.
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}=?$/;

/**
 * Parses a 32-byte AES-256-GCM WAL key given as 64 hex characters or as base64 (standard or
 * URL-safe, padding optional) — the same forms `AGENT_OTEL_WAL_KEY` takes. Throws a
 * {@link UsageError} that never repeats the value (it is a secret).
 */
export function parseKey(text: string): Buffer {
  const trimmed = text.trim();
  let key: Buffer | undefined;
  if (HEX_KEY.test(trimmed)) key = Buffer.from(trimmed, 'hex');
  // Node's base64 decoder reads both alphabets.
  else if (BASE64_KEY.test(trimmed)) key = Buffer.from(trimmed, 'base64');
  if (key?.length !== KEY_BYTES) {
    throw new UsageError(`--key must be ${KEY_BYTES} bytes written as 64 hex characters or base64 (43 characters, optionally followed by "=")`);
  }
  return key;
}
