/**
 * Where in a text a built-in detector can find something: windows `[start, end)`, each a maximal
 * run of the characters the detector's matches consist of, around a place its screen spotted (an
 * `@`, a digit chain, a key prefix...). Scanning only the windows gives exactly the finds of a scan
 * of the whole text: a match never crosses a character outside its set, so a window (bounded by
 * such characters or the text's ends) holds whole matches, and nothing outside a window can match.
 * The windows are scanned with `WINDOW_CONTEXT` characters on each side, for the patterns'
 * look-behinds, look-aheads and `\b`.
 */
import { digitRunList, SCREEN_CARD, SCREEN_IPV4, SCREEN_PHONE } from './text-screen';

/** Characters of context a window is scanned with on each side (the patterns look at most 2 past a match). */
export const WINDOW_CONTEXT = 2;

/** The windows of `text`, as `start, end` pairs in text order, not overlapping. */
export type WindowFinder = (text: string) => number[];

function charTable(ranges: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const c of ranges) table[c.charCodeAt(0)] = 1;
  return table;
}

const DIGITS = '0123456789';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdefABCDEF';
const EMAIL_CHARS = charTable(`${LETTERS}${DIGITS}._%+@-`);
const CARD_CHARS = charTable(`${DIGITS} .-`);
const PHONE_CHARS = charTable(`${DIGITS}+ .()-`);
const IPV4_CHARS = charTable(`${DIGITS}.`);
const IPV6_CHARS = charTable(`${HEX}:.`);
const KEY_CHARS = charTable(`${LETTERS}${DIGITS}_-`);
const JWT_CHARS = charTable(`${LETTERS}${DIGITS}_.-`);

function inTable(table: Uint8Array, code: number): boolean {
  return code < 128 && table[code] === 1;
}

/** Adds the maximal run of `table` characters around `at` to `windows`, unless the last window holds `at`. */
function addWindow(text: string, table: Uint8Array, at: number, windows: number[]): void {
  if (windows.length > 0 && at < windows[windows.length - 1]) return;
  let start = at;
  while (start > 0 && inTable(table, text.charCodeAt(start - 1))) start--;
  let end = at;
  while (end < text.length && inTable(table, text.charCodeAt(end))) end++;
  if (end > start) windows.push(start, end);
}

/** Windows around every occurrence of any of `literals`, in text order. */
function literalWindows(text: string, table: Uint8Array, literals: readonly string[]): number[] {
  const positions: number[] = [];
  for (const literal of literals) {
    for (let i = text.indexOf(literal); i !== -1; i = text.indexOf(literal, i + 1)) positions.push(i);
  }
  positions.sort((a, b) => a - b);
  const windows: number[] = [];
  for (const at of positions) addWindow(text, table, at, windows);
  return windows;
}

/** Windows of the digit runs that have `bit`, widened by the characters of `table` around them. */
function digitWindows(text: string, table: Uint8Array, bit: number): number[] {
  const runs = digitRunList(text);
  const windows: number[] = [];
  for (let r = 0; r < runs.length; r += 3) {
    if ((runs[r + 2] & bit) === 0) continue;
    let start = runs[r];
    while (start > 0 && inTable(table, text.charCodeAt(start - 1))) start--;
    let end = runs[r + 1];
    while (end < text.length && inTable(table, text.charCodeAt(end))) end++;
    // Widened runs can meet (through a `+` between them): then they are one window.
    if (windows.length > 0 && start <= windows[windows.length - 1]) windows[windows.length - 1] = end;
    else windows.push(start, end);
  }
  return windows;
}

/** Windows of the e-mail detector: around each `@`. */
export const emailWindows: WindowFinder = (text) => literalWindows(text, EMAIL_CHARS, ['@']);
/** Windows of the card detector: digit runs with 13 chained digits. */
export const cardWindows: WindowFinder = (text) => digitWindows(text, CARD_CHARS, SCREEN_CARD);
/** Windows of the phone detector: digit runs with 7 chained digits (with a leading `+`). */
export const phoneWindows: WindowFinder = (text) => digitWindows(text, PHONE_CHARS, SCREEN_PHONE);
/** Windows of the IPv4 detector: digit runs shaped like the start of an address. */
export const ipv4Windows: WindowFinder = (text) => digitWindows(text, IPV4_CHARS, SCREEN_IPV4);
/** Windows of the IPv6 detector: around each `:`. */
export const ipv6Windows: WindowFinder = (text) => literalWindows(text, IPV6_CHARS, [':']);
/** Windows of the API key detector: around each key prefix. */
export const apiKeyWindows: WindowFinder = (text) =>
  literalWindows(text, KEY_CHARS, ['sk-', 'k_live_', 'k_test_', 'AKIA', 'ASIA', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_', 'xox', 'AIza']);
/** Windows of the JWT detector: around each `eyJ`. */
export const jwtWindows: WindowFinder = (text) => literalWindows(text, JWT_CHARS, ['eyJ']);
