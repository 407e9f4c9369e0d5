/** The one parser of WAL encryption keys written as text (AGENT_OTEL_WAL_KEY, `agent-otel wal --key`). */

/** Length of a WAL key: AES-256-GCM. */
const WAL_KEY_BYTES = 32;

/** The accepted forms, for error messages. */
export const WAL_KEY_FORMAT = `${WAL_KEY_BYTES} bytes written as 64 hex characters or base64 (43 characters, optionally followed by "=")`;

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
// 32 bytes are 43 base64 characters plus one `=` of padding; the URL-safe alphabet is accepted too.
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}=?$/;

/**
 * Parses a 32-byte WAL key given as 64 hex characters or as base64 (standard or URL-safe, padding
 * optional), surrounding white space ignored. Returns undefined for anything else; callers report
 * it without repeating the text, which is a secret.
 */
export function parseWalKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  let key: Buffer | undefined;
  if (HEX_KEY.test(trimmed)) key = Buffer.from(trimmed, 'hex');
  // Node's base64 decoder reads both alphabets.
  else if (BASE64_KEY.test(trimmed)) key = Buffer.from(trimmed, 'base64');
  return key?.length === WAL_KEY_BYTES ? key : undefined;
}
