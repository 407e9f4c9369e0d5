import { parseWalKey, WAL_KEY_FORMAT } from '../../src/wal/wal-key';

describe('parseWalKey (AGENT_OTEL_WAL_KEY and `agent-otel wal --key`)', () => {
  const key = Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7 + 3));

  it('reads 64 hex characters, either case, and base64 in both alphabets, padded or not', () => {
    for (const text of [
      key.toString('hex'),
      key.toString('hex').toUpperCase(),
      key.toString('base64'),
      key.toString('base64url'),
      key.toString('base64').replace(/=$/, ''),
      ` ${key.toString('hex')}\n`,
    ]) {
      expect(parseWalKey(text)).toEqual(key);
    }
  });

  it.each([
    ['tooshort'],
    ['ab'.repeat(31)],
    ['ab'.repeat(33)],
    [Buffer.alloc(31, 1).toString('base64')],
    [Buffer.alloc(33, 1).toString('base64')],
    // Node's base64 decoder skips characters outside the alphabet; the parser does not.
    [`${key.toString('base64').slice(0, 40)}!!!=`],
    [''],
  ])('rejects %j', (text) => {
    expect(parseWalKey(text)).toBeUndefined();
  });

  it('describes the accepted forms', () => {
    expect(WAL_KEY_FORMAT).toBe('32 bytes written as 64 hex characters or base64 (43 characters, optionally followed by "=")');
  });
});
