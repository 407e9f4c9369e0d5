import { createHmac } from 'node:crypto';
import { HAS_DIGIT, matches, type DetectedRange, type ScreenedDetector } from './detectors';

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
}

/**
 * Replaces what the detectors find in text. JSON text (an object or array) is parsed and every
 * string, object key and integer in it is scrubbed on its own, so escapes cannot hide a value and
 * the result stays valid JSON. A detector that throws makes `scrub` throw; the caller fails closed.
 */
export class Scrubber {
  constructor(
    private readonly detectors: readonly ScreenedDetector[],
    private readonly salt: Uint8Array | undefined,
  ) {}

  /** `text` with every detected value replaced according to `mode`. */
  scrub(text: string, mode: ScrubMode): ScrubResult<string> {
    // Pre-checks on the raw text; JSON escapes (\uXXXX) could hide characters from them, so not then.
    const detectors = text.includes('\\u') ? this.detectors : this.screen(text);
    if (detectors.length === 0) return { value: text, count: 0 };
    const first = firstNonSpace(text);
    if (first === '{' || first === '[') {
      const structured = this.scrubJson(text, mode, detectors);
      if (structured !== undefined) return structured;
    }
    return this.scrubWith(text, mode, detectors);
  }

  /** Plain-text scrub, without JSON handling. */
  scrubText(text: string, mode: ScrubMode): ScrubResult<string> {
    return this.scrubWith(text, mode, this.screen(text));
  }

  /** The detectors whose pre-check does not rule `text` out. */
  private screen(text: string): readonly ScreenedDetector[] {
    const hasDigit = HAS_DIGIT.test(text);
    return this.detectors.filter((detector) => detector.mayMatch === undefined || detector.mayMatch(text, hasDigit));
  }

  private scrubWith(text: string, mode: ScrubMode, detectors: readonly ScreenedDetector[]): ScrubResult<string> {
    if (text === '' || detectors.length === 0) return { value: text, count: 0 };
    const finds = this.find(text, detectors);
    if (finds.length === 0) return { value: text, count: 0 };
    let out = '';
    let at = 0;
    for (const find of finds) {
      out += text.slice(at, find.start) + this.replacement(find.kind, text.slice(find.start, find.end), mode);
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
        const result = this.scrubWith(value, mode, detectors);
        count += result.count;
        return result.value;
      }
      if (typeof value === 'number') {
        if (!Number.isSafeInteger(value) || Math.abs(value) < 1_000_000) return value;
        const result = this.scrubWith(String(value), mode, detectors);
        count += result.count;
        return result.count > 0 ? result.value : value;
      }
      if (Array.isArray(value)) return value.map(walk);
      if (typeof value === 'object' && value !== null) {
        const out: Record<string, unknown> = {};
        for (const [key, item] of Object.entries(value)) {
          const scrubbedKey = this.scrubWith(key, mode, detectors);
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

  /** Non-overlapping finds in text order: the earlier start wins, then the longer, then the earlier detector. */
  private find(text: string, detectors: readonly ScreenedDetector[]): Find[] {
    const all: Find[] = [];
    detectors.forEach((detector, order) => {
      const ranges = detector.pattern instanceof RegExp ? matches(text, detector.pattern) : detector.pattern(text);
      for (const range of ranges) {
        if (isValidRange(range, text.length)) all.push({ start: range[0], end: range[1], kind: detector.kind, order });
      }
    });
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

  private replacement(kind: string, value: string, mode: ScrubMode): string {
    if (mode === 'redacted' || this.salt === undefined) return `[REDACTED:${kind}]`;
    const digest = createHmac('sha256', this.salt).update(value, 'utf8').digest('hex');
    return `[HASH:${kind}:${digest.slice(0, 16)}]`;
  }
}

function isValidRange(range: DetectedRange, length: number): boolean {
  if (!Array.isArray(range) && !(typeof range === 'object' && range !== null)) return false;
  const [start, end] = range;
  return Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= length;
}

function firstNonSpace(text: string): string {
  for (let i = 0; i < text.length && i < 64; i++) {
    const c = text[i];
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') return c;
  }
  return '';
}
