import { UsageError } from '../src/cli-error';
import { parseKey } from '../src/parse-key';

const KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7 + 250));

describe('parseKey', () => {
  it('reads 64 hex characters, in either case', () => {
    expect(parseKey(KEY.toString('hex'))).toEqual(KEY);
    expect(parseKey(KEY.toString('hex').toUpperCase())).toEqual(KEY);
  });

  it('reads base64 with or without padding, and the URL-safe alphabet', () => {
    expect(parseKey(KEY.toString('base64'))).toEqual(KEY);
    expect(parseKey(KEY.toString('base64').replace(/=$/, ''))).toEqual(KEY);
    expect(KEY.toString('base64url')).toMatch(/[-_]/);
    expect(parseKey(KEY.toString('base64url'))).toEqual(KEY);
  });

  it('ignores surrounding whitespace (keys pasted from files)', () => {
    expect(parseKey(` ${KEY.toString('hex')}\n`)).toEqual(KEY);
  });

  it.each([
    ['too short hex', KEY.subarray(0, 31).toString('hex')],
    ['too long hex', Buffer.concat([KEY, Buffer.alloc(1)]).toString('hex')],
    ['16-byte base64', KEY.subarray(0, 16).toString('base64')],
    ['48-byte base64', Buffer.concat([KEY, KEY.subarray(0, 16)]).toString('base64')],
    ['not base64', '!'.repeat(44)],
    ['empty', ''],
  ])('rejects %s as a usage error that does not repeat the value', (_name, text) => {
    let error: unknown;
    try {
      parseKey(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as Error).message).toMatch(/--key must be 32 bytes/);
    if (text) expect((error as Error).message).not.toContain(text);
  });
});
