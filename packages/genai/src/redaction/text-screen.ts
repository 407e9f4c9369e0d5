/**
 * A screen of a text that tells which built-in detectors could find something in it, as bits of a
 * number. Each bit is one of the detectors' pre-checks (`mayMatch` in detectors.ts), with the same
 * verdict (for IPv4 it may skip a dotted run shorter than any address, 7 characters). They are all
 * computed in one screen, mostly by the engine's own (vectorized) `indexOf`: each character or pair
 * a value can be spotted by (`@ % \ : _ A`, `yJ`, `k-`, `xox`) is searched for, and only where one
 * is found is the text looked at closer. Digit runs (cards, phones, IPv4) are found by looking at
 * every 7th character only (a run that matters is at least 7 long); `bearer` by a case-insensitive
 * search. Characters above U+007F never matter: every pattern looks for ASCII.
 */

/** `@`: an e-mail may be there. */
export const SCREEN_EMAIL = 1 << 0;
/** An ASCII percent-escape (`%` then `[0-7][0-9A-Fa-f]`): a decoded view is scanned too. */
export const SCREEN_PERCENT_ESCAPE = 1 << 1;
/** `\u`: JSON escapes could hide characters from the pre-checks. */
export const SCREEN_JSON_ESCAPE = 1 << 2;
/** 13 digits, each pair separated by at most one of ` .-`: a card may be there. */
export const SCREEN_CARD = 1 << 3;
/** 7 digits, each pair separated by at most two of ` .()-`: a phone number may be there. */
export const SCREEN_PHONE = 1 << 4;
/** A digit, `.`, 1-3 digits, `.`, a digit: an IPv4 address may be there. */
export const SCREEN_IPV4 = 1 << 5;
/** `::`, or a hex digit, `:` and a hex digit in a text with a decimal digit: the IPv6 pre-check. */
export const SCREEN_IPV6 = 1 << 6;
/** `::`, or a hex digit, `:` and a hex digit: what every IPv6 address has (with or without a decimal digit). */
export const SCREEN_IPV6_ANY = 1 << 7;
/** A key prefix (`sk-`, `k_live_`, `k_test_`, `AKIA`, `ASIA`, `AIza`, `xox`, `gh[pousr]_`, `github_pat_`). */
export const SCREEN_API_KEY = 1 << 8;
/** `bearer` in any ASCII case. */
export const SCREEN_BEARER = 1 << 9;
/** `eyJ`: a JWT may be there. */
export const SCREEN_JWT = 1 << 10;

/** Bit 1: a hex digit; bit 2: a card separator (` .-`); bit 4: a phone separator (` .()-`); bit 8: a digit or phone separator. */
const TRAIT = new Uint8Array(128);
for (const c of '0123456789abcdefABCDEF') TRAIT[c.charCodeAt(0)]! |= 1;
for (const c of ' .-') TRAIT[c.charCodeAt(0)]! |= 2;
for (const c of ' .()-') TRAIT[c.charCodeAt(0)]! |= 4;
for (const c of '0123456789 .()-') TRAIT[c.charCodeAt(0)]! |= 8;

/** Whether code unit `code` (NaN past either end) has trait `bit`. */
function has(code: number, bit: number): boolean {
  return code < 128 && (TRAIT[code]! & bit) !== 0;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/**
 * The runs `screenText` found in the last text it screened that has any: the windows of the card,
 * phone and IPv4 detectors are asked for right after the text is screened, so they reuse them.
 */
const memoRuns: number[] = [];
let memoText: string | undefined;

const BEARER = /bearer/i;
const DIGIT = /\d/;

/**
 * The screen bits of `text`: which pre-checks pass. `SCREEN_IPV6` is the detectors' pre-check (it
 * asks for a decimal digit somewhere); `SCREEN_IPV6_ANY` holds for every text an IPv6 address can
 * be found in.
 */
export function screenText(text: string): number {
  let bits = 0;
  if (text.indexOf('@') !== -1) bits |= SCREEN_EMAIL;
  if (text.indexOf('\\u') !== -1) bits |= SCREEN_JSON_ESCAPE;
  for (let i = text.indexOf('%'); i !== -1; i = text.indexOf('%', i + 1)) {
    const high = text.charCodeAt(i + 1);
    if (high >= 0x30 && high <= 0x37 && has(text.charCodeAt(i + 2), 1)) {
      bits |= SCREEN_PERCENT_ESCAPE;
      break;
    }
  }
  let hexColon = false;
  for (let i = text.indexOf(':'); i !== -1; i = text.indexOf(':', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (next === 0x3a) {
      bits |= SCREEN_IPV6_ANY | SCREEN_IPV6;
      break;
    }
    if (has(next, 1) && has(text.charCodeAt(i - 1), 1)) hexColon = true;
  }
  // A hex digit on both sides of `:` passes the IPv6 pre-check only with a decimal digit somewhere.
  if (hexColon && (bits & SCREEN_IPV6_ANY) === 0) bits |= SCREEN_IPV6_ANY | (DIGIT.test(text) ? SCREEN_IPV6 : 0);
  if (hasApiKeyPrefix(text)) bits |= SCREEN_API_KEY;
  for (let i = text.indexOf('yJ'); i !== -1; i = text.indexOf('yJ', i + 1)) {
    if (text.charCodeAt(i - 1) === 0x65) {
      bits |= SCREEN_JWT;
      break;
    }
  }
  if (BEARER.test(text)) bits |= SCREEN_BEARER;
  memoRuns.length = 0;
  bits |= digitRuns(text, memoRuns);
  memoText = memoRuns.length > 0 ? text : undefined;
  return bits;
}

/** Units of text copied per chunk for the sampling in `digitRuns` (reused; one per process). */
const CHUNK = 16 * 1024;
let chunk: Buffer | undefined;
/** Bytes of `chunk` written since the last {@link forgetScreenedText}. */
let chunkUsed = 0;
/** 1 for the code units (as latin1 bytes) that can be in a run of digits and separators. */
const RUN_BYTE = new Uint8Array(256);
for (const c of '0123456789 .()-') RUN_BYTE[c.charCodeAt(0)] = 1;

/**
 * `SCREEN_CARD`, `SCREEN_PHONE` and `SCREEN_IPV4` of `text`. A 7-digit chain, and an IPv4 address,
 * spans at least 7 units, each a digit or a separator next to a digit, so looking at every 7th unit
 * finds every such span; only the run of digits and separators around a unit that could be in one
 * is scanned in full. The units are looked at through a latin1 copy (one byte per unit: faster to
 * read than the string; a non-ASCII unit may read as an ASCII byte there, which only costs a look
 * at the string itself, where every verdict is taken).
 */
function digitRuns(text: string, runs: number[]): number {
  const length = text.length;
  chunk ??= Buffer.allocUnsafeSlow(CHUNK);
  const bytes = chunk;
  let bits = 0;
  let base = 0;
  let loaded = 0;
  let i = 6;
  while (i < length) {
    if (i >= base + loaded) {
      base = i;
      loaded = bytes.write(base === 0 ? text : text.slice(base, base + CHUNK), 0, CHUNK, 'latin1');
      if (loaded > chunkUsed) chunkUsed = loaded;
    }
    if (RUN_BYTE[bytes[i - base]!] === 0) {
      i += 7;
      continue;
    }
    const code = text.charCodeAt(i);
    if (!has(code, 8) || !(isDigit(code) || isDigit(text.charCodeAt(i - 1)) || isDigit(text.charCodeAt(i + 1)))) {
      i += 7;
      continue;
    }
    let start = i;
    while (start > 0 && has(text.charCodeAt(start - 1), 8)) start--;
    let end = i + 1;
    while (end < length && has(text.charCodeAt(end), 8)) end++;
    const found = runBits(text, start, end);
    bits |= found;
    if (found !== 0) runs.push(start, end, found);
    // `end` is not a digit or separator: the next span starts after it.
    i = end + 7;
  }
  return bits;
}

/**
 * Every run of digits and separators (` .()-`) of `text` with a card, phone or IPv4 bit, as
 * `start, end, bits` triples: the only places in `text` where those detectors can find anything.
 */
export function digitRunList(text: string): readonly number[] {
  if (text === memoText) return memoRuns;
  const runs: number[] = [];
  digitRuns(text, runs);
  return runs;
}

/** The card, phone and IPv4 bits of `text` from `start` to `end`, a run of digits and separators. */
function runBits(text: string, start: number, end: number): number {
  let bits = 0;
  let lastDigit = start - 3;
  let cardRun = 0;
  let phoneRun = 0;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x2e && isDigit(text.charCodeAt(i - 1)) && isIpv4Middle(text, i + 1)) bits |= SCREEN_IPV4;
    if (!isDigit(code)) continue;
    const gap = i - lastDigit - 1;
    if (gap === 0) {
      cardRun++;
      phoneRun++;
    } else {
      const before = text.charCodeAt(i - 1);
      cardRun = gap === 1 && has(before, 2) ? cardRun + 1 : 1;
      phoneRun = (gap === 1 || (gap === 2 && has(text.charCodeAt(i - 2), 4))) && has(before, 4) ? phoneRun + 1 : 1;
    }
    lastDigit = i;
    if (cardRun >= 13) bits |= SCREEN_CARD;
    if (phoneRun >= 7) bits |= SCREEN_PHONE;
  }
  return bits;
}

/** Whether `text` has a key prefix of the `api_key` detector. */
function hasApiKeyPrefix(text: string): boolean {
  for (let i = text.indexOf('k-'); i !== -1; i = text.indexOf('k-', i + 1)) if (text.charCodeAt(i - 1) === 0x73) return true; // sk-
  for (let i = text.indexOf('_'); i !== -1; i = text.indexOf('_', i + 1)) if (isKeyUnderscore(text, i)) return true;
  for (let i = text.indexOf('A'); i !== -1; i = text.indexOf('A', i + 1)) {
    if (text.startsWith('AKIA', i) || text.startsWith('ASIA', i) || text.startsWith('AIza', i)) return true;
  }
  return text.indexOf('xox') !== -1;
}

/** Whether `text` at `at` is 1-3 digits, `.` and a digit (what follows `<digit>.` in an IPv4 address). */
function isIpv4Middle(text: string, at: number): boolean {
  let digits = 0;
  while (digits < 4 && isDigit(text.charCodeAt(at + digits))) digits++;
  return digits >= 1 && digits <= 3 && text.charCodeAt(at + digits) === 0x2e && isDigit(text.charCodeAt(at + digits + 1));
}

/** Whether the `_` at `i` is part of `k_live_`, `k_test_`, `gh[pousr]_` or `github_pat_`. */
function isKeyUnderscore(text: string, i: number): boolean {
  const before = text.charCodeAt(i - 1);
  if (before === 0x6b) return text.startsWith('live_', i + 1) || text.startsWith('test_', i + 1); // k_
  if (before === 0x62) return i >= 6 && text.startsWith('github_pat_', i - 6); // github_
  // gh[pousr]_
  return text.charCodeAt(i - 3) === 0x67 && text.charCodeAt(i - 2) === 0x68 && (before === 0x70 || before === 0x6f || before === 0x75 || before === 0x73 || before === 0x72);
}

/**
 * Drops what the screen keeps of the texts it saw (the last text with digit runs, and the bytes of
 * the reused sampling buffer), so no copy of unredacted content outlives the redaction of a span.
 */
export function forgetScreenedText(): void {
  memoText = undefined;
  memoRuns.length = 0;
  if (chunk !== undefined && chunkUsed > 0) chunk.fill(0, 0, chunkUsed);
  chunkUsed = 0;
}

/** Units of screened text the screen still holds (a memoized text, written sampling bytes); 0 after {@link forgetScreenedText}. */
export function heldScreenedUnits(): number {
  return (memoText?.length ?? 0) + chunkUsed;
}
