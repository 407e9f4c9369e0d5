import { createHmac } from 'node:crypto';
import { matches, type DetectedRange, type ScreenedDetector } from './detectors';
import { WINDOW_CONTEXT, type WindowFinder } from './detector-windows';
import { SCREEN_JSON_ESCAPE, SCREEN_PERCENT_ESCAPE, screenText } from './text-screen';

/** Replacement style of a scrub: `redacted` masks, `hashed` writes a salted hash. */
export type ScrubMode = 'redacted' | 'hashed';

/** Result of scrubbing one value. */
export interface ScrubResult<T> {
  /** The value with detected parts replaced (the same value when nothing was found). */
  readonly value: T;
  /** Detected values replaced. */
  readonly count: number;
}

interface Find {
  readonly start: number;
  readonly end: number;
  readonly kind: string;
  readonly order: number;
  /** The value as found, when it was found in a decoded view (hashed decoded, so both spellings hash alike). */
  readonly value?: string;
}

/** No detector: what the screen gives when nothing can be found (shared, so screening allocates nothing). */
const NONE: readonly ScreenedDetector[] = [];
const HAS_DIGIT = /\d/;

/** What `detector` finds in `text`. */
function rangesOf(text: string, detector: ScreenedDetector): Iterable<DetectedRange> {
  return detector.pattern instanceof RegExp ? matches(text, detector.pattern) : detector.pattern(text);
}

/** What `detector` finds in the windows `find` gives for `text` (the same as in all of it; see detector-windows.ts). */
function windowedRanges(text: string, detector: ScreenedDetector, find: WindowFinder): DetectedRange[] {
  const windows = find(text);
  const ranges: DetectedRange[] = [];
  for (let w = 0; w < windows.length; w += 2) {
    // Windows come in (start, end) pairs.
    const start = windows[w]!;
    const end = windows[w + 1]!;
    const from = Math.max(0, start - WINDOW_CONTEXT);
    const to = Math.min(text.length, end + WINDOW_CONTEXT);
    for (const range of rangesOf(from === 0 && to === text.length ? text : text.slice(from, to), detector)) {
      if (!isValidRange(range, to - from)) continue;
      const rangeStart = range[0] + from;
      const rangeEnd = range[1] + from;
      if (rangeStart >= start && rangeEnd <= end) ranges.push([rangeStart, rangeEnd]);
    }
  }
  return ranges;
}

/**
 * Replaces what the detectors find in text. JSON text (an object or array) is parsed and every
 * string, object key and integer in it is scrubbed on its own, so escapes cannot hide a value and
 * the result stays valid JSON. A detector that throws makes `scrub` throw; the caller fails closed.
 *
 * Every text is first screened in one pass (text-screen.ts): when no detector's pre-check passes
 * and there is no percent-escape, the text is returned as it is, unparsed. Each string is then
 * scanned only by the detectors that can find something in it.
 */
export class Scrubber {
  constructor(
    private readonly detectors: readonly ScreenedDetector[],
    private readonly salt: Uint8Array | undefined,
  ) {}

  /** `text` with every detected value replaced according to `mode`. */
  scrub(text: string, mode: ScrubMode): ScrubResult<string> {
    const bits = screenText(text);
    // Pre-checks on the raw text; JSON escapes (\uXXXX) could hide characters from them, so not then.
    const detectors = this.screenAll(text, bits);
    // Percent-escapes may hide from the pre-checks what the decoded view shows (see find).
    if (detectors.length === 0 && (bits & SCREEN_PERCENT_ESCAPE) === 0) return { value: text, count: 0 };
    const first = firstNonSpace(text);
    if (first === '{' || first === '[') {
      const structured = this.scrubJson(text, mode, detectors);
      if (structured !== undefined) return structured;
    }
    return this.scrubWith(text, bits, mode, detectors);
  }

  /** Plain-text scrub, without JSON handling. */
  scrubText(text: string, mode: ScrubMode): ScrubResult<string> {
    const bits = screenText(text);
    return this.scrubWith(text, bits, mode, this.screen(text, bits));
  }

  /** The detectors whose pre-check does not rule out `text` (of screen bits `bits`). */
  private screen(text: string, bits: number): readonly ScreenedDetector[] {
    let passed: ScreenedDetector[] | undefined;
    let hasDigit: boolean | undefined;
    for (const detector of this.detectors) {
      let pass: boolean;
      if (detector.screen !== undefined) pass = (bits & detector.screen) !== 0;
      else if (detector.mayMatch === undefined) pass = true;
      else pass = detector.mayMatch(text, (hasDigit ??= HAS_DIGIT.test(text)));
      if (pass) (passed ??= []).push(detector);
    }
    return passed === undefined ? NONE : passed.length === this.detectors.length ? this.detectors : passed;
  }

  /** Every detector that could match `text`, by the pre-checks (all of them, as for JSON, when `text` has escapes). */
  private screenAll(text: string, bits: number): readonly ScreenedDetector[] {
    return (bits & SCREEN_JSON_ESCAPE) !== 0 ? this.detectors : this.screen(text, bits);
  }

  /** `text` scrubbed by `detectors`, of which only those run that can find something in a text of screen bits `bits`. */
  private scrubWith(text: string, bits: number, mode: ScrubMode, detectors: readonly ScreenedDetector[]): ScrubResult<string> {
    if (text === '' || (detectors.length === 0 && (bits & SCREEN_PERCENT_ESCAPE) === 0)) return { value: text, count: 0 };
    const finds = this.find(text, bits, detectors);
    if (finds.length === 0) return { value: text, count: 0 };
    let out = '';
    let at = 0;
    for (const find of finds) {
      out += text.slice(at, find.start) + this.replacement(find.kind, find.value ?? text.slice(find.start, find.end), mode);
      at = find.end;
    }
    return { value: out + text.slice(at), count: finds.length };
  }

  private scrubJson(text: string, mode: ScrubMode, detectors: readonly ScreenedDetector[]): ScrubResult<string> | undefined {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return undefined;
    }
    let count = 0;
    const walk = (value: unknown): unknown => {
      if (typeof value === 'string') {
        const result = this.scrubWith(value, screenText(value), mode, detectors);
        count += result.count;
        return result.value;
      }
      if (typeof value === 'number') {
        if (!Number.isSafeInteger(value) || Math.abs(value) < 1_000_000) return value;
        const digits = String(value);
        const result = this.scrubWith(digits, screenText(digits), mode, detectors);
        count += result.count;
        return result.count > 0 ? result.value : value;
      }
      if (Array.isArray(value)) return value.map(walk);
      if (typeof value === 'object' && value !== null) {
        const out: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(value)) {
          const scrubbedKey = this.scrubWith(key, screenText(key), mode, detectors);
          count += scrubbedKey.count;
          out[scrubbedKey.value] = walk(item);
        }
        return out;
      }
      return value;
    };
    const scrubbed = walk(parsed);
    return count === 0 ? { value: text, count: 0 } : { value: JSON.stringify(scrubbed), count };
  }

  /**
   * Non-overlapping finds in text order: the earlier start wins, then the longer, then the earlier
   * detector. Text with percent-escapes (URLs, form bodies) is also scanned decoded, and what is
   * found there is mapped back onto the escaped text, so `ann%40example.com` is an e-mail.
   */
  private find(text: string, bits: number, detectors: readonly ScreenedDetector[]): Find[] {
    const all: Find[] = [];
    this.collect(text, bits, detectors, all, undefined);
    if ((bits & SCREEN_PERCENT_ESCAPE) !== 0) {
      const decoded = percentDecodedView(text);
      const decodedBits = screenText(decoded.text);
      this.collect(decoded.text, decodedBits, this.screenAll(decoded.text, decodedBits), all, decoded);
    }
    all.sort((a, b) => a.start - b.start || b.end - a.end || a.order - b.order);
    const kept: Find[] = [];
    let end = 0;
    for (const find of all) {
      if (find.start < end) continue;
      kept.push(find);
      end = find.end;
    }
    return kept;
  }

  /**
   * Adds what `detectors` find in `text` (of screen bits `bits`) to `all`, skipping those that cannot
   * find anything in it; `view` maps positions of a decoded view back onto the original text.
   */
  private collect(text: string, bits: number, detectors: readonly ScreenedDetector[], all: Find[], view: DecodedView | undefined): void {
    for (const detector of detectors) {
      if (detector.screen !== undefined && (bits & (detector.needs ?? detector.screen)) === 0) continue;
      const order = this.detectors.indexOf(detector);
      const ranges = detector.windows !== undefined ? windowedRanges(text, detector, detector.windows) : rangesOf(text, detector);
      for (const range of ranges) {
        if (!isValidRange(range, text.length)) continue;
        if (view === undefined) all.push({ start: range[0], end: range[1], kind: detector.kind, order });
        else all.push({ start: view.at(range[0]), end: view.at(range[1]), kind: detector.kind, order, value: text.slice(range[0], range[1]) });
      }
    }
  }

  private replacement(kind: string, value: string, mode: ScrubMode): string {
    if (mode === 'redacted' || this.salt === undefined) return `[REDACTED:${kind}]`;
    const digest = createHmac('sha256', this.salt).update(value, 'utf8').digest('hex');
    return `[HASH:${kind}:${digest.slice(0, 16)}]`;
  }
}

/** A decoded view of a text: `text`, and `at(i)`, where decoded position `i` starts in the original. */
interface DecodedView {
  readonly text: string;
  at(index: number): number;
}

/**
 * `text` with its ASCII percent-escapes decoded (`%40` → `@`) and `+` read as a space (form
 * encoding). Escapes of non-ASCII bytes are kept as they are: the detectors look for ASCII.
 */
function percentDecodedView(text: string): DecodedView {
  // Decoded positions of the escapes, in order: each one stands for three units of `text`.
  const escapes: number[] = [];
  const out = new Uint16Array(text.length);
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const high = code === 0x25 ? hexValue(text.charCodeAt(i + 1)) : -1;
    const low = high >= 0 && high <= 7 ? hexValue(text.charCodeAt(i + 2)) : -1;
    if (low >= 0) {
      escapes.push(length);
      out[length++] = high * 16 + low;
      i += 2;
    } else {
      out[length++] = code === 0x2b ? 0x20 : code;
    }
  }
  const decoded = Buffer.from(out.buffer, 0, length * 2).toString('utf16le');
  return {
    text: decoded,
    at(index: number): number {
      let low = 0;
      let high = escapes.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (escapes[mid]! < index)
          low = mid + 1; // low ≤ mid < high ≤ length
        else high = mid;
      }
      return index + 2 * low;
    },
  };
}

/** The value of hex digit `code`, or -1 (also for NaN, past the end). */
function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

function isValidRange(range: DetectedRange, length: number): boolean {
  if (!Array.isArray(range) && !(typeof range === 'object' && range !== null)) return false;
  const [start, end] = range;
  return Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= length;
}

function firstNonSpace(text: string): string {
  for (let i = 0; i < text.length && i < 64; i++) {
    const c = text[i]!;
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') return c;
  }
  return '';
}
