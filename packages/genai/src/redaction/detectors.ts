import { isIPv6 } from 'node:net';
import { apiKeyWindows, cardWindows, emailWindows, ipv4Windows, ipv6Windows, jwtWindows, phoneWindows, type WindowFinder } from './detector-windows';
import { SCREEN_API_KEY, SCREEN_BEARER, SCREEN_CARD, SCREEN_EMAIL, SCREEN_IPV4, SCREEN_IPV6, SCREEN_IPV6_ANY, SCREEN_JWT, SCREEN_PHONE } from './text-screen';

/** A detected value: `[start, end)` offsets into the scanned text. */
export type DetectedRange = readonly [start: number, end: number];

/**
 * A detector of sensitive values. `kind` names what it finds (it appears in the replacement,
 * `[REDACTED:<kind>]`); `pattern` is a regular expression (its `g` flag is added), or a function
 * returning the ranges it found.
 */
export interface PiiDetector {
  readonly kind: string;
  readonly pattern: RegExp | ((text: string) => Iterable<DetectedRange>);
}

/**
 * A detector with a cheap pre-check: `mayMatch(text, hasDigit)` is false only when the detector
 * cannot find anything in `text` (e.g. no `@` for e-mail), so the costlier pattern is skipped.
 * `hasDigit` tells whether `text` has an ASCII digit (computed once for all detectors).
 * The built-in detectors also name their pre-check as bits of the one-pass screen
 * (`screen`, text-screen.ts, the same verdict as `mayMatch`), and `needs`: bits of which at least
 * one holds for every text the detector finds something in.
 */
export interface ScreenedDetector extends PiiDetector {
  readonly mayMatch?: (text: string, hasDigit: boolean) => boolean;
  /** `mayMatch` as screen bits: it passes when `screenText(text) & screen` is not 0 (exactly when `mayMatch` does, but for IPv4 runs too short for an address). */
  readonly screen?: number;
  /** Screen bits, one of which every text with a find has; defaults to `screen`. */
  readonly needs?: number;
  /** Where in a text `pattern` can find something (detector-windows.ts); without it, the whole text is scanned. */
  readonly windows?: WindowFinder;
}

/** Kinds of the built-in detectors. */
export type BuiltInPiiKind = 'email' | 'payment_card' | 'api_key' | 'bearer_token' | 'jwt' | 'ip_address' | 'phone';

// No length bound on the local part (longer than RFC 5321's 64 octets still names someone); the
// look-behind lets a match start only where a run of local-part characters starts, so the scan stays linear.
const EMAIL = /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])/g;
const CARD_CANDIDATE = /(?<![\d.,-])\d(?:[ .-]?\d){12,18}(?![\d])/g;
/** Four groups of four digits joined by dots or dashes: how cards are written, so kept as cards even when the checksum is mistyped. */
const CARD_LAYOUT = /^\d{4}([.-])\d{4}\1\d{4}\1\d{4}$/;
const API_KEY = new RegExp(
  [
    String.raw`\bsk-(?:proj-|ant-(?:api\d\d-)?|live-|test-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}`, // OpenAI, Anthropic and similar
    String.raw`\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}`, // Stripe
    String.raw`\b(?:AKIA|ASIA)[0-9A-Z]{16}\b`, // AWS access key ids
    String.raw`\bgh[pousr]_[A-Za-z0-9]{30,}`, // GitHub tokens
    String.raw`\bgithub_pat_[A-Za-z0-9_]{22,}`, // GitHub fine-grained tokens
    String.raw`\bxox[abposr]-[A-Za-z0-9-]{10,}`, // Slack tokens
    String.raw`\bAIza[0-9A-Za-z_-]{35}`, // Google API keys
  ].join('|'),
  'g',
);
// Any case (`BEARER`, `bearer`); `+` is a space in form-encoded text (`auth=Bearer+…`).
const BEARER = /(?<=\bbearer(?:\s+|\+))[A-Za-z0-9._~+/-]{8,}=*/gi;
const MAY_BE_BEARER = /bearer/i;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = new RegExp(`(?<![\\d.])(?:${OCTET}\\.){3}${OCTET}(?!\\.?\\d)`, 'g');
const IPV6_CANDIDATE = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?(?![\w:])/g;
const PHONE_CANDIDATE = /(?<![\w+.])(?:\+\d{8,15}|(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,5}\)[ .-]?)?\d{1,6}(?:[ .-]\d{1,6}){0,5})(?![\w])/g;
const ISO_DATE_START = /^(?:1[6-9]|20)\d\d[-./]\d\d?[-./]\d\d?/;
// Pre-checks: necessary conditions of each pattern, far cheaper than the patterns themselves.
const MAY_BE_CARD = /\d(?:[ .-]?\d){12}/;
const MAY_BE_GITHUB = /gh[pousr]_|github_pat_/;
function mayBeApiKey(text: string): boolean {
  return (
    text.includes('sk-') ||
    text.includes('k_live_') ||
    text.includes('k_test_') ||
    text.includes('AKIA') ||
    text.includes('ASIA') ||
    text.includes('xox') ||
    text.includes('AIza') ||
    (text.includes('_') && MAY_BE_GITHUB.test(text))
  );
}
const MAY_BE_IPV4 = /\d\.\d{1,3}\.\d/;
const MAY_BE_IPV6 = /[0-9A-Fa-f]:[0-9A-Fa-f:]|::[0-9A-Fa-f]|[0-9A-Fa-f]::/;
const MAY_BE_PHONE = /\d(?:[ .()-]{0,2}\d){6}/;

/**
 * Card numbers: 13-19 digits with a card network's first digit (2-6), written with one kind of
 * separator (spaces, dashes or dots) or none, and a valid Luhn checksum. Dots only in the 4-4-4-4
 * layout (so decimals and versions stay); in that layout, with dots or dashes, the checksum is not
 * required (a mistyped card still identifies one).
 */
function findCards(text: string): DetectedRange[] {
  return matches(text, CARD_CANDIDATE).filter(([start, end]) => {
    const candidate = text.slice(start, end);
    const separators = new Set(candidate.replace(/\d/g, ''));
    if (separators.size > 1) return false;
    const digits = candidate.replace(/[ .-]/g, '');
    if (digits.length < 13 || digits.length > 19 || digits[0] < '2' || digits[0] > '6') return false;
    const grouped = CARD_LAYOUT.test(candidate);
    if (separators.has('.') && !grouped) return false;
    return grouped || luhnValid(digits);
  });
}

/**
 * Phone numbers: `+` and 8-15 digits (E.164, separators allowed), or national formats with
 * separators: 10-11 digits in at least three groups (`555-123-4567`, `(555) 123-4567`,
 * `01 23 45 67 89`) or a trunk `0` and 9-12 digits (`020 7946 0958`, `07700 900123`). Plain digit
 * runs (token counts, ids, timestamps) and dates are not phone numbers.
 */
function findPhones(text: string): DetectedRange[] {
  return matches(text, PHONE_CANDIDATE).filter(([start, end]) => {
    const candidate = text.slice(start, end);
    const digits = candidate.replace(/\D/g, '');
    if (candidate.startsWith('+')) return digits.length >= 8 && digits.length <= 15;
    if (ISO_DATE_START.test(candidate) || (candidate.includes('.') && /[ -]/.test(candidate))) return false;
    const groupDigits = candidate.split(/[ .\-()]+/).filter((g) => g !== '');
    const groups = groupDigits.length;
    if (groups < 2 || groupDigits.some((g) => g.length < 2)) return false;
    if (digits.startsWith('0')) return digits.length >= 9 && digits.length <= 12;
    return digits.length >= 10 && digits.length <= 11 && (groups >= 3 || candidate.startsWith('('));
  });
}

/** IPv6 addresses, full or compressed (validated by `net.isIPv6`). */
function findIpv6(text: string): DetectedRange[] {
  return matches(text, IPV6_CANDIDATE).filter(([start, end]) => {
    const candidate = text.slice(start, end);
    return /[0-9A-Fa-f]/.test(candidate) && isIPv6(candidate);
  });
}

/** The built-in detectors, in priority order (for overlapping finds, the earlier start, then the longer, then the earlier detector wins). */
export const BUILT_IN_DETECTORS: readonly ScreenedDetector[] = [
  { kind: 'email', pattern: EMAIL, mayMatch: (text) => text.includes('@'), screen: SCREEN_EMAIL, windows: emailWindows },
  { kind: 'payment_card', pattern: findCards, mayMatch: (text, hasDigit) => hasDigit && MAY_BE_CARD.test(text), screen: SCREEN_CARD, windows: cardWindows },
  { kind: 'api_key', pattern: API_KEY, mayMatch: mayBeApiKey, screen: SCREEN_API_KEY, windows: apiKeyWindows },
  { kind: 'bearer_token', pattern: BEARER, mayMatch: (text) => MAY_BE_BEARER.test(text), screen: SCREEN_BEARER },
  { kind: 'jwt', pattern: JWT, mayMatch: (text) => text.includes('eyJ'), screen: SCREEN_JWT, windows: jwtWindows },
  { kind: 'ip_address', pattern: IPV4, mayMatch: (text, hasDigit) => hasDigit && MAY_BE_IPV4.test(text), screen: SCREEN_IPV4, windows: ipv4Windows },
  // Compressed IPv6 has `::`; a full one has eight groups, which all but never lack a decimal digit
  // (the pre-check asks for one; a text without any is still scanned when it is part of one that has).
  {
    kind: 'ip_address',
    pattern: findIpv6,
    mayMatch: (text, hasDigit) => text.includes('::') || (hasDigit && MAY_BE_IPV6.test(text)),
    screen: SCREEN_IPV6,
    needs: SCREEN_IPV6_ANY,
    windows: ipv6Windows,
  },
  { kind: 'phone', pattern: findPhones, mayMatch: (text, hasDigit) => hasDigit && MAY_BE_PHONE.test(text), screen: SCREEN_PHONE, windows: phoneWindows },
];

/** Every {@link BuiltInPiiKind}. */
export const BUILT_IN_PII_KINDS: readonly BuiltInPiiKind[] = ['email', 'payment_card', 'api_key', 'bearer_token', 'jwt', 'ip_address', 'phone'];

/** Whether `digits` (a string of digits) passes the Luhn checksum. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = digits.charCodeAt(i) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Every match of the global regular expression `pattern` in `text`, as ranges. */
export function matches(text: string, pattern: RegExp): DetectedRange[] {
  const ranges: DetectedRange[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match[0] === '') {
      pattern.lastIndex++;
      continue;
    }
    ranges.push([match.index, match.index + match[0].length]);
  }
  pattern.lastIndex = 0;
  return ranges;
}
