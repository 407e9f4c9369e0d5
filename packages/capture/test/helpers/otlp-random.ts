import type { AttributeValue } from '@opentelemetry/api';

/**
 * Seeded random values for OTLP encoder tests: strings that stress UTF-8 (astral characters, lone
 * surrogates, multi-byte runs, lengths around varint boundaries), numbers at int64/double edges,
 * and attribute values of every shape.
 */

/** A seeded PRNG (mulberry32): the same seed gives the same sequence. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** `n` random bytes as lowercase hex. */
  hex(bytes: number): string {
    let s = '';
    for (let i = 0; i < bytes; i++) s += this.int(256).toString(16).padStart(2, '0');
    return s;
  }
}

/** Numbers at the edges of the int64 / double split and of varint sizes. */
export const EDGE_NUMBERS: readonly number[] = [
  0,
  -0,
  1,
  -1,
  127,
  128,
  300,
  16383,
  16384,
  -128,
  2 ** 31 - 1,
  2 ** 31,
  -(2 ** 31),
  -(2 ** 31) - 1,
  2 ** 32 - 1,
  2 ** 32,
  -(2 ** 32),
  2 ** 53,
  -(2 ** 53),
  Number.MAX_SAFE_INTEGER,
  Number.MIN_SAFE_INTEGER,
  2 ** 63,
  -(2 ** 63),
  2 ** 63 - 1024,
  -(2 ** 63) + 1024,
  2 ** 64,
  1e21,
  -1e21,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.EPSILON,
  0.5,
  -2.25,
  0.1,
  NaN,
  Infinity,
  -Infinity,
];

/** Text fragments: ASCII, 2-, 3- and 4-byte UTF-8, lone and reversed surrogates, controls. */
const FRAGMENTS: readonly string[] = [
  'a',
  'hello ',
  'gen_ai',
  '{"role":"user"}',
  ' ',
  '\n',
  '\u0000',
  '\u007f',
  'é',
  'ß',
  'Ω',
  '€',
  '中文',
  'ｱ',
  '\uFFFD',
  '\uFEFF',
  '😀',
  '\u{10FFFF}',
  '\uD800',
  '\uDBFF',
  '\uDC00',
  '\uDFFF',
  '\uDE00\uD83D',
  '\uD83D',
  'x\uD800y',
];

/** Lengths around the varint and inline-loop boundaries of the encoder. */
const BOUNDARY_LENGTHS: readonly number[] = [0, 1, 41, 42, 43, 44, 63, 64, 126, 127, 128, 129, 5461, 16383, 16384];

/** A random string: mostly short, sometimes near a boundary length, rarely very long. */
export function randomString(rng: Rng, maxLength = 80): string {
  const r = rng.next();
  if (r < 0.15) return rng.pick(FRAGMENTS);
  let length: number;
  if (r < 0.3) length = rng.pick(BOUNDARY_LENGTHS);
  else if (r < 0.995) length = rng.int(maxLength);
  else length = 60_000 + rng.int(20_000); // beyond 64 KiB of UTF-8 once multi-byte
  const ascii = rng.chance(0.5);
  let s = '';
  while (s.length < length) {
    s += ascii && rng.chance(0.97) ? String.fromCharCode(32 + rng.int(95)) : rng.pick(FRAGMENTS);
    if (length > 1000 && s.length < length - 1000) s += 'lorem ipsum dolor sit amet '.repeat(30);
  }
  return s.slice(0, length); // slicing may split a surrogate pair: lone surrogates on purpose
}

/** A random number: an edge value, a small or large integer, or a double. */
function randomNumber(rng: Rng): number {
  const r = rng.next();
  if (r < 0.4) return rng.pick(EDGE_NUMBERS);
  if (r < 0.7) return rng.int(1000) - 500;
  if (r < 0.85) return Math.floor((rng.next() - 0.5) * 2 ** rng.int(64));
  return (rng.next() - 0.5) * 10 ** rng.int(30);
}

/** An attribute key: semantic-convention-like, integer-like (reordered by `for...in`), or any string. */
function randomKey(rng: Rng): string {
  const r = rng.next();
  if (r < 0.5) return rng.pick(KEYS);
  if (r < 0.6) return String(rng.int(20));
  if (r < 0.7) return 'k'.repeat(95 + rng.int(40)); // around the 100-byte key fast-path bound
  const key = randomString(rng, 40);
  return key.length > 0 ? key : 'empty';
}

const KEYS: readonly string[] = [
  'gen_ai.operation.name',
  'gen_ai.request.model',
  'gen_ai.usage.input_tokens',
  'http.method',
  'service.name',
  'agent_otel.capture.mode',
  'error.type',
  'tool.name',
  'ключ',
  '键',
  '😀key',
];

/** A value the OTel API accepts: a primitive or a homogeneous array that may hold null/undefined. */
export function randomApiValue(rng: Rng): AttributeValue {
  const r = rng.next();
  if (r < 0.45) return randomString(rng);
  if (r < 0.75) return randomNumber(rng);
  if (r < 0.85) return rng.chance(0.5);
  const kind = rng.int(3);
  const items: Array<string | number | boolean | null | undefined> = [];
  const n = rng.int(6);
  for (let i = 0; i < n; i++) {
    if (rng.chance(0.1)) items.push(rng.chance(0.5) ? null : undefined);
    else items.push(kind === 0 ? randomString(rng, 20) : kind === 1 ? randomNumber(rng) : rng.chance(0.5));
  }
  return items as AttributeValue;
}

/**
 * Any value the official serializer accepts: API values plus nested and mixed arrays, plain
 * objects (`kvlist_value`), bytes, and values it writes as an empty `AnyValue`.
 */
function randomAnyValue(rng: Rng, depth = 0): unknown {
  const r = rng.next();
  if (depth > 2 || r < 0.6) return randomApiValue(rng);
  if (r < 0.7) return Array.from({ length: rng.int(5) }, () => randomAnyValue(rng, depth + 1));
  if (r < 0.8) return randomAttributes(rng, 4, depth + 1, true);
  if (r < 0.9) return Uint8Array.from({ length: rng.chance(0.1) ? 200 : rng.int(10) }, () => rng.int(256));
  return rng.pick([null, undefined, BigInt(7), Symbol('s'), () => 1]);
}

/** An attributes object of up to `max` entries (API values only unless `exotic`). */
export function randomAttributes(rng: Rng, max: number, depth = 0, exotic = false): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  const n = rng.int(max + 1);
  for (let i = 0; i < n; i++) {
    const key = exotic && rng.chance(0.05) ? '' : randomKey(rng);
    attributes[key] = exotic ? randomAnyValue(rng, depth) : randomApiValue(rng);
  }
  return attributes;
}
