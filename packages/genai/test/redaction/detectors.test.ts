import { BUILT_IN_DETECTORS, luhnValid } from '../../src/redaction/detectors';
import { Scrubber } from '../../src/redaction/scrubber';

const scrubber = new Scrubber(BUILT_IN_DETECTORS, undefined);
const redact = (text: string): string => scrubber.scrub(text, 'redacted').value;

describe('built-in detectors', () => {
  it.each([
    ['email', 'write to ann.lee+trips@mail.example.co.uk today', 'write to [REDACTED:email] today'],
    ['email in JSON', '{"to":"bob@example.com"}', '{"to":"[REDACTED:email]"}'],
    ['E.164 phone', 'call +14155552671.', 'call [REDACTED:phone].'],
    ['international phone with spaces', 'tel +44 20 7946 0958', 'tel [REDACTED:phone]'],
    ['US phone', 'at (555) 123-4567 or 555.123.4567', 'at [REDACTED:phone] or [REDACTED:phone]'],
    ['UK national phone', 'mobile 07700 900123', 'mobile [REDACTED:phone]'],
    ['French national phone', 'bureau 01 23 45 67 89', 'bureau [REDACTED:phone]'],
    ['Visa card with spaces', 'card 4111 1111 1111 1111 exp', 'card [REDACTED:payment_card] exp'],
    ['Mastercard with dashes', 'card 5555-5555-5555-4444', 'card [REDACTED:payment_card]'],
    ['Amex without separators', 'amex 378282246310005', 'amex [REDACTED:payment_card]'],
    ['OpenAI key', 'key sk-proj-abcdefghijklmnopqrstuvwx1234', 'key [REDACTED:api_key]'],
    ['Anthropic key', 'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv', '[REDACTED:api_key]'],
    ['AWS access key id', 'aws AKIAIOSFODNN7EXAMPLE end', 'aws [REDACTED:api_key] end'],
    ['GitHub token', 'ghp_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ', '[REDACTED:api_key]'],
    ['Slack token', 'xoxb-123456789012-abcdefghij', '[REDACTED:api_key]'],
    ['bearer token', 'Authorization: Bearer abc.DEF-123_xyz~', 'Authorization: Bearer [REDACTED:bearer_token]'],
    ['bearer token, upper case', 'AUTHORIZATION: BEARER abc.DEF-123_xyz~', 'AUTHORIZATION: BEARER [REDACTED:bearer_token]'],
    ['bearer token, lower case', 'authorization: bearer abc.DEF-123_xyz~', 'authorization: bearer [REDACTED:bearer_token]'],
    ['URL-encoded bearer token', 'https://h/cb?auth=Bearer%20abc.DEF-123_xyz%2B%2F%3D&x=1', 'https://h/cb?auth=Bearer%20[REDACTED:bearer_token]&x=1'],
    ['form-encoded bearer token', 'auth=bearer+abcDEF123456xyz&x=1', 'auth=bearer+[REDACTED:bearer_token]&x=1'],
    ['URL-encoded e-mail', 'https://h/u?mail=ann.lee%40example.com&x=1', 'https://h/u?mail=[REDACTED:email]&x=1'],
    ['e-mail with a long local part', `to ${'a'.repeat(100)}.b@example.com.`, 'to [REDACTED:email].'],
    ['card with dots', 'card 4111.1111.1111.1111 exp', 'card [REDACTED:payment_card] exp'],
    ['card grouped 4-4-4-4 with dots, checksum mistyped', 'card 4000.0025.1234.5678 exp', 'card [REDACTED:payment_card] exp'],
    ['card grouped 4-4-4-4 with dashes, checksum mistyped', 'card 4000-0025-1234-5678', 'card [REDACTED:payment_card]'],
    ['JWT', 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig_nature-1', 'token [REDACTED:jwt]'],
    ['IPv4', 'from 192.168.10.200, port 443', 'from [REDACTED:ip_address], port 443'],
    ['IPv6', 'from 2001:db8::8a2e:370:7334 and ::1', 'from [REDACTED:ip_address] and [REDACTED:ip_address]'],
  ])('finds %s', (_kind, text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it.each([
    ['token counts', '{"prompt_tokens":1234567,"completion_tokens":26,"total_tokens":1234593}'],
    ['epoch milliseconds', 'created 1721172741000'],
    ['an order id', 'order 4111111111111112'],
    ['a 16-digit number that is not a card network', '9111111111111111'],
    ['ISO dates and times', '2024-07-18 12:30:00 and 2024-07-18T12:30:00Z'],
    ['version numbers', 'openai 6.49.0, node 20.20.2'],
    ['decimals', 'scores 0.5 0.25 0.125'],
    ['small numbers with spaces', 'rows 100 200 300'],
    ['clock times', 'from 10:30 to 12:45:10'],
    ['C++ scope', 'std::vector<int>'],
    ['short sk- words', 'a sk-short flag'],
    ['an @ mention', 'ask @bob about it'],
    ['a dotted number that is not grouped like a card', 'build 4.000002512345678'],
    ['a percent sign that is not an escape', 'grew 40% to 100%ann'],
    ['four years in a row', 'in 2021 2022 2023 2024'],
    ['a dotted decimal', 'pi 3.141592653589793'],
  ])('leaves %s alone', (_label, text) => {
    expect(redact(text)).toBe(text);
  });

  it('checks card numbers with the Luhn algorithm', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('79927398713')).toBe(true);
  });

  it('prefers the earlier, then the longer find when detectors overlap', () => {
    expect(redact('mail sk-proj-abcdefghijklmnopqrstuvwx@example.com')).toBe('mail [REDACTED:email]');
    expect(redact('::ffff:192.168.0.1')).toBe('[REDACTED:ip_address]');
  });
});

describe('percent-encoded values', () => {
  it('hash like their decoded spelling, so both can be correlated', () => {
    const salted = new Scrubber(BUILT_IN_DETECTORS, new Uint8Array(32).fill(7));
    const encoded = salted.scrub('mail=ann.lee%40example.com', 'hashed').value;
    const plain = salted.scrub('mail=ann.lee@example.com', 'hashed').value;
    expect(encoded).toMatch(/^mail=\[HASH:email:[0-9a-f]{16}\]$/);
    expect(encoded).toBe(plain);
  });
});
