import { trimOws } from './header-values';

/** Most list-members agent-otel reads or writes in one `baggage` header (the ABNF's 180). */
export const MAX_BAGGAGE_MEMBERS = 180;
/** Longest `baggage` header agent-otel reads or writes, in bytes: the 8192 the specification requires. */
export const MAX_BAGGAGE_BYTES = 8192;

// RFC 7230 token: the only form a baggage key may take (it is not percent-decoded).
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// baggage-octet: printable US-ASCII except space, DQUOTE, comma, semicolon and backslash.
const BAGGAGE_OCTETS = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;
// The same without `%`: values made only of these are sent as they are.
const UNENCODED_OCTETS = /^[\x21\x23\x24\x26-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;
const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;

/** One list-member of a `baggage` header, decoded. */
export interface BaggageMember {
  /** The key, exactly as sent (keys are tokens and are not percent-decoded). */
  key: string;
  /** The percent-decoded value; invalid UTF-8 sequences are replaced with U+FFFD. */
  value: string;
  /** The valid properties, white space removed, joined with `;` (e.g. `ttl=60;private`); undefined when none. */
  properties?: string;
}

/** Whether `key` may be a baggage key (an RFC 7230 token). */
export function isBaggageKey(key: string): boolean {
  return TOKEN.test(key);
}

/**
 * Parses one list-member (`key OWS = OWS value *(OWS ; OWS property)`), or returns undefined when it is
 * invalid: no `=`, a key that is not a token, or a value with characters outside baggage-octet.
 * Invalid properties are dropped and the member kept.
 */
export function parseBaggageMember(member: string): BaggageMember | undefined {
  const parts = member.split(';');
  const head = parts[0]!; // split() returns at least one part
  const eq = head.indexOf('=');
  if (eq < 0) return undefined;
  const key = trimOws(head.slice(0, eq));
  const raw = trimOws(head.slice(eq + 1));
  if (!TOKEN.test(key) || !BAGGAGE_OCTETS.test(raw)) return undefined;
  const properties = normalizeProperties(parts.slice(1));
  return properties === '' ? { key, value: percentDecode(raw) } : { key, value: percentDecode(raw), properties };
}

/**
 * The list-member for one entry, or undefined when the key cannot be sent (not a token). The value
 * is percent-encoded where the specification requires it (outside baggage-octet, and `%`); invalid
 * properties in `metadata` are dropped.
 */
export function formatBaggageMember(key: string, value: string, metadata?: string): string | undefined {
  if (!TOKEN.test(key) || typeof value !== 'string') return undefined;
  const properties = typeof metadata === 'string' ? normalizeProperties(metadata.split(';')) : '';
  return `${key}=${percentEncode(value)}${properties === '' ? '' : ';' + properties}`;
}

/**
 * Percent-decodes a value: `%XX` becomes byte XX, other characters stand for themselves (a `%` not
 * followed by two hex digits too), and the bytes are read as UTF-8 with every invalid sequence
 * replaced by U+FFFD, as the Baggage specification requires.
 */
export function percentDecode(text: string): string {
  if (!text.includes('%')) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x25 && HEX_PAIR.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(code & 0xff);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Percent-encodes the UTF-8 bytes of `value` that are not baggage-octets, and `%`. */
export function percentEncode(value: string): string {
  if (UNENCODED_OCTETS.test(value)) return value;
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += byte !== 0x25 && BAGGAGE_OCTETS.test(char) ? char : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Valid properties (`key` or `key=value`), white space removed, joined with `;`. */
function normalizeProperties(parts: string[]): string {
  const kept: string[] = [];
  for (const part of parts) {
    const eq = part.indexOf('=');
    const key = trimOws(eq < 0 ? part : part.slice(0, eq));
    if (!TOKEN.test(key)) continue;
    if (eq < 0) {
      kept.push(key);
      continue;
    }
    const value = trimOws(part.slice(eq + 1));
    if (BAGGAGE_OCTETS.test(value)) kept.push(`${key}=${value}`);
  }
  return kept.join(';');
}
