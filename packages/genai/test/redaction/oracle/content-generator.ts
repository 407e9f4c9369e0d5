/**
 * A seeded generator of content as spans carry it — semconv message JSON, plain prompts, tool
 * arguments, error messages and stack traces, URLs — with and without each kind of sensitive value
 * the built-in detectors look for, their near misses, two-byte text, escapes and values at the edges.
 * The same seed always gives the same texts (the redaction oracle fixture depends on it).
 */

/** A seeded pseudo-random source (mulberry32). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Whether an event of probability `p` happened. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** `length` characters drawn from `alphabet`. */
  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  digits(length: number): string {
    return this.chars('0123456789', length);
  }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const B64URL = `${ALNUM}_-`;

const LATIN_WORDS = (
  'the agent plans a step calls a tool reads the result and writes an answer for the user who asked about ' +
  'invoices refunds shipping delays account limits and the weather in Zürich naïve café façade Ærø ' +
  'please summarize this thread: budget review, action items; owner - status (open) [draft] {note} ok? yes!'
).split(' ');
const TWO_BYTE_WORDS = ['—', '“quoted”', '東京', 'привет', 'مرحبا', 'שלום', '😀', '👩‍💻', 'naïve—café', '…', '€42', '①②③', 'Ωmega', '\u2028'];
const DIGIT_WORDS = [
  '42',
  '17.5',
  '3.141592653589793',
  '0.5 0.25 0.125',
  '6.49.0',
  'node 20.20.2',
  'v1.2.3.4',
  '2024-07-18',
  '2024-07-18T12:30:00Z',
  '12:30',
  '10:30 to 12:45:10',
  'rows 100 200 300',
  '1721172741000',
  'order 4111111111111112',
  '9111111111111111',
  '#1234567',
  'in 2021 2022 2023 2024',
  'tokens 1234567',
  '40%',
  '100%ann',
  '50 % off',
  'std::vector<int>',
  'a::b',
  'C:\\Users\\ann',
  'x:1:y',
  'build 4.000002512345678',
  '1,234,567.89',
  '-5551234567',
  '(12)',
  '555-0100',
  'id 12-34-56',
  'pi=3.14159',
  '255.255.255.256',
  '1.2.3',
  '01/02/2024',
  '2024.01.02',
  'ISBN 978-3-16-148410-0',
  'uuid 123e4567-e89b-12d3-a456-426614174000',
  'sha deadbeefcafe0123',
  'fe80',
  'abc:def',
  'dead:beef',
  'sk-',
  'AKIA',
  'eyJ',
  'xox',
  'AIza',
  'ghp_',
  'github_pat_',
  'bearer',
  'Bearer:',
  '@',
  '@bob',
  'a@b',
  '%',
  '%4',
  '%zz',
  '%e2%80%94',
  '+',
  '+1',
  '++',
  'k_live_',
  'rk_test_x',
  '_',
  '__init__',
  'snake_case_name',
];

function luhnDigit(partial: string): string {
  // The check digit that makes `partial` + digit pass Luhn.
  let sum = 0;
  let double = true;
  for (let i = partial.length - 1; i >= 0; i--) {
    let d = partial.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return String((10 - (sum % 10)) % 10);
}

function group(digits: string, sizes: readonly number[], separator: string): string {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    if (at >= digits.length) break;
    parts.push(digits.slice(at, at + size));
    at += size;
  }
  if (at < digits.length) parts.push(digits.slice(at));
  return parts.join(separator);
}

/** Sensitive values (and near misses) by kind. */
export const SECRET_KINDS = ['email', 'card', 'phone', 'ipv4', 'ipv6', 'bearer', 'api_key', 'jwt', 'percent', 'escaped', 'custom'] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

/** A value of `kind`: usually one a detector finds, sometimes a near miss. */
export function secret(rng: Rng, kind: SecretKind): string {
  switch (kind) {
    case 'email': {
      const local = rng.pick([rng.chars('abcdefghij', rng.int(1, 10)), 'ann.lee+trips', 'a'.repeat(rng.int(60, 120)), 'x_y-z%w', '.dot', 'bob']);
      const domain = rng.pick(['example.com', 'mail.example.co.uk', 'x.io', 'localhost', 'ex-ample.org', 'a.b.c.d.museum', 'example.c', '-bad.com']);
      return rng.chance(0.1) ? `${local}@` : `${local}@${domain}`;
    }
    case 'card': {
      const length = rng.pick([12, 13, 15, 16, 16, 16, 19, 20]);
      const first = rng.pick(['4', '5', '3', '6', '2', '1', '9']);
      const body = first + rng.digits(length - 2);
      const digits = rng.chance(0.7) ? body + luhnDigit(body) : body + rng.digits(1);
      const separator = rng.pick(['', '', ' ', '-', '.', ' ', 'mixed']);
      if (separator === 'mixed') return `${digits.slice(0, 4)} ${digits.slice(4, 8)}-${digits.slice(8)}`;
      const sizes = rng.chance(0.8) ? [4, 4, 4, 4] : [4, 6, 5];
      return group(digits, sizes, separator);
    }
    case 'phone':
      return rng.pick([
        `+${rng.digits(rng.int(7, 16))}`,
        `+44 20 ${rng.digits(4)} ${rng.digits(4)}`,
        `(${rng.digits(3)}) ${rng.digits(3)}-${rng.digits(4)}`,
        `${rng.digits(3)}.${rng.digits(3)}.${rng.digits(4)}`,
        `${rng.digits(3)}-${rng.digits(3)}-${rng.digits(4)}`,
        `07700 ${rng.digits(6)}`,
        `01 23 45 67 ${rng.digits(2)}`,
        `020 7946 ${rng.digits(4)}`,
        `+1 (${rng.digits(3)}) ${rng.digits(3)}-${rng.digits(4)}`,
        `${rng.digits(3)} ${rng.digits(4)}`,
        `+${rng.digits(2)}-${rng.digits(3)}-${rng.digits(3)}-${rng.digits(3)}`,
        `0${rng.digits(rng.int(8, 12))}`,
      ]);
    case 'ipv4': {
      const octet = (): string => String(rng.chance(0.9) ? rng.int(0, 255) : rng.int(256, 999));
      const ip = `${octet()}.${octet()}.${octet()}.${octet()}`;
      return rng.pick([ip, ip, `${ip}:5432`, `${ip}/24`, `${ip}.5`, `v${ip}`, `${octet()}.${octet()}.${octet()}`]);
    }
    case 'ipv6': {
      const hextet = (): string => rng.chars('0123456789abcdef', rng.int(1, 4));
      const full = Array.from({ length: 8 }, hextet).join(':');
      return rng.pick([
        full,
        `2001:db8::${hextet()}:${hextet()}`,
        '::1',
        '::',
        `fe80::${hextet()}%eth0`,
        `::ffff:${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(0, 255)}`,
        `[${full}]:443`,
        Array.from({ length: 9 }, hextet).join(':'),
        'a:b:c:d:e:f:a:b',
        `${hextet()}::${hextet()}::${hextet()}`,
        `${hextet()}:${hextet()}`,
      ]);
    }
    case 'bearer': {
      const token = rng.chars(`${ALNUM}._~+/-`, rng.int(4, 40)) + (rng.chance(0.3) ? '==' : '');
      const prefix = rng.pick(['Bearer ', 'bearer ', 'BEARER ', 'Bearer\t', 'Bearer  ', 'bearer+', 'Bearer%20', 'Bearer', 'xbearer ']);
      return `${rng.pick(['Authorization: ', 'auth=', '', '"authorization":"'])}${prefix}${token}`;
    }
    case 'api_key': {
      return rng.pick([
        `sk-${rng.chars(B64URL, rng.int(10, 48))}`,
        `sk-proj-${rng.chars(B64URL, rng.int(16, 60))}`,
        `sk-ant-api03-${rng.chars(B64URL, rng.int(16, 90))}`,
        `sk-live-${rng.chars(ALNUM, 20)}`,
        `sk-svcacct-${rng.chars(ALNUM, 24)}`,
        `sk-admin-${rng.chars(ALNUM, 24)}`,
        `${rng.pick(['s', 'r'])}k_${rng.pick(['live', 'test'])}_${rng.chars(ALNUM, rng.int(10, 32))}`,
        `${rng.pick(['AKIA', 'ASIA'])}${rng.chars(UPPER_DIGITS, rng.int(14, 17))}`,
        `gh${rng.pick(['p', 'o', 'u', 's', 'r', 'x'])}_${rng.chars(ALNUM, rng.int(25, 40))}`,
        `github_pat_${rng.chars(`${ALNUM}_`, rng.int(18, 82))}`,
        `xox${rng.pick(['a', 'b', 'p', 'o', 's', 'r', 'z'])}-${rng.chars(`${ALNUM}-`, rng.int(6, 40))}`,
        `AIza${rng.chars(B64URL, rng.int(33, 36))}`,
        `x${rng.pick(['sk-', 'AKIA', 'AIza'])}${rng.chars(ALNUM, 24)}`,
      ]);
    }
    case 'jwt': {
      const part = (): string => rng.chars(B64URL, rng.int(3, 40));
      return rng.pick([`eyJ${part()}.eyJ${part()}.${part()}`, `eyJ${part()}.eyJ${part()}.`, `eyJ${part()}.${part()}.${part()}`, `xeyJ${part()}.eyJ${part()}.${part()}`]);
    }
    case 'percent': {
      return rng.pick([
        `mail=${rng.chars('abc', 4)}%40example.com`,
        `auth=Bearer%20${rng.chars(ALNUM, 20)}%2B%2F%3D`,
        `q=ann%2Elee%40example%2Ecom&x=1`,
        `ip=10%2E0%2E0%2E${rng.int(1, 255)}`,
        `phone=%2B1${rng.digits(10)}`,
        `card=4111%201111%201111%201111`,
        `k=sk%2Dproj%2D${rng.chars(ALNUM, 24)}`,
        `grew 40%25 to ${rng.int(1, 99)}%`,
        `caf%C3%A9%40x.com`,
        `a%7Eb%7e`,
      ]);
    }
    case 'escaped':
      return rng.pick([
        `ann\\u0040example.com`,
        `4111\\u00201111\\u00201111\\u00201111`,
        `sk\\u002dproj\\u002d${rng.chars(ALNUM, 24)}`,
        `\\u0065yJ${rng.chars(B64URL, 10)}.eyJ${rng.chars(B64URL, 10)}.x`,
        `path\\\\u0040x`,
        `\\u00e9\\u6771`,
        `\\ud83d\\ude00`,
        `10\\u002e0\\u002e0\\u002e1`,
      ]);
    case 'custom':
      return rng.pick([`EMP-${rng.digits(4)}`, `EMP-${rng.digits(2)}`, `emp-${rng.digits(4)}`, `Dr. ${rng.pick(['Ann', 'Bob'])} Lee`, 'EMP-']);
  }
}

function fillerWord(rng: Rng, twoByte: boolean): string {
  const r = rng.next();
  if (r < 0.12) return rng.pick(DIGIT_WORDS);
  if (twoByte && r < 0.22) return rng.pick(TWO_BYTE_WORDS);
  return rng.pick(LATIN_WORDS);
}

/** Filler text of about `words` words; `twoByte` mixes in characters above U+00FF. */
function filler(rng: Rng, words: number, twoByte: boolean): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(fillerWord(rng, twoByte));
  return out.join(rng.pick([' ', ' ', ' ', '\n', ', ']));
}

/** Plain text with `secrets` values of random kinds at random places (also at the very start and end). */
export function prose(rng: Rng, options: { words: number; secrets: number; twoByte: boolean; kinds?: readonly SecretKind[] }): string {
  const words: string[] = [];
  for (let i = 0; i < options.words; i++) words.push(fillerWord(rng, options.twoByte));
  for (let s = 0; s < options.secrets; s++) {
    const value = secret(rng, rng.pick(options.kinds ?? SECRET_KINDS));
    const where = rng.next();
    const at = where < 0.1 ? 0 : where < 0.2 ? words.length : rng.int(0, words.length);
    // Mostly delimited by spaces; sometimes glued to punctuation or another word.
    const glue = rng.pick(['', '', '', '(', '"', ':', '<', ',', 'x', '.', '-', '/', '=']);
    words.splice(at, 0, rng.chance(0.8) ? value : glue + value + rng.pick(['', ')', '.', '>', ',', 'y', '-']));
  }
  return words.join(rng.pick([' ', ' ', '\n', '  ', '\t']));
}

/** A semconv message list (`gen_ai.input.messages` / `gen_ai.output.messages`). */
export function semconvMessages(rng: Rng, options: { secrets: number; twoByte: boolean; words: number }): string {
  const messages: unknown[] = [];
  const count = rng.int(1, 4);
  let secrets = options.secrets;
  for (let m = 0; m < count; m++) {
    const take = m === count - 1 ? secrets : rng.int(0, secrets);
    secrets -= take;
    const role = m === 0 && count > 1 ? 'system' : rng.pick(['user', 'assistant', 'tool']);
    const parts: unknown[] = [{ type: 'text', content: prose(rng, { words: Math.max(1, Math.round(options.words / count)), secrets: take, twoByte: options.twoByte }) }];
    if (rng.chance(0.2)) parts.push({ type: 'tool_call', id: `call_${rng.chars(ALNUM, 24)}`, name: 'lookup', arguments: toolArgumentsValue(rng, 0, options.twoByte) });
    if (rng.chance(0.1)) parts.push({ type: 'tool_call_response', id: `call_${rng.chars(ALNUM, 8)}`, response: prose(rng, { words: 8, secrets: 0, twoByte: options.twoByte }) });
    const message: Record<string, unknown> = { role, parts };
    if (role === 'assistant' && rng.chance(0.5)) message.finish_reason = 'stop';
    messages.push(message);
  }
  return stringifyVariously(rng, messages);
}

function toolArgumentsValue(rng: Rng, secrets: number, twoByte: boolean): Record<string, unknown> {
  const args: Record<string, unknown> = { query: prose(rng, { words: rng.int(1, 8), secrets, twoByte }), limit: rng.int(1, 50) };
  if (rng.chance(0.4)) args.user_id = rng.pick([rng.int(1_000_000, 9_999_999_999), rng.int(1, 999_999), 4111111111111111, 14155552671, 3.5e15, 1e21, -41111111111111]);
  if (rng.chance(0.3))
    args.filters = [
      { field: 'email', value: secret(rng, 'email') },
      { field: 'n', value: rng.int(0, 9) },
    ];
  if (rng.chance(0.2)) args[secret(rng, rng.pick(['email', 'phone', 'ipv4']))] = true;
  if (rng.chance(0.1)) args.nested = { deeper: { list: [null, true, false, 1.5, '', secret(rng, 'card')] } };
  return args;
}

/** Tool arguments or results as JSON text. */
export function toolArguments(rng: Rng, options: { secrets: number; twoByte: boolean }): string {
  return stringifyVariously(rng, toolArgumentsValue(rng, options.secrets, options.twoByte));
}

/** JSON text: compact, indented, with escaped non-ASCII or slashes, or with surrounding space. */
function stringifyVariously(rng: Rng, value: unknown): string {
  let text = rng.chance(0.8) ? JSON.stringify(value) : JSON.stringify(value, null, rng.pick([2, '\t']));
  if (rng.chance(0.1)) text = text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (rng.chance(0.05)) text = text.replace(/\//g, '\\/');
  if (rng.chance(0.05)) text = `  \n${text}\n`;
  if (rng.chance(0.03)) text = text.slice(0, Math.max(1, text.length - rng.int(1, 5))); // not valid JSON any more
  return text;
}

/** An error message, sometimes with a stack trace. */
export function errorMessage(rng: Rng, options: { secrets: number; twoByte: boolean }): string {
  const head = rng.pick([
    `connect ECONNREFUSED ${secret(rng, 'ipv4')}`,
    `Request failed with status code 401: ${prose(rng, { words: 4, secrets: options.secrets, twoByte: options.twoByte })}`,
    `lookup failed for ${prose(rng, { words: 3, secrets: options.secrets, twoByte: options.twoByte })}`,
    `TypeError: Cannot read properties of undefined (reading 'email')`,
    `429 Too Many Requests (retry after 12.5s)`,
  ]);
  if (!rng.chance(0.5)) return head;
  const frames = Array.from({ length: rng.int(1, 6) }, (_, i) => `    at fn${i} (/srv/app/node_modules/pkg/lib/file-${i}.js:${rng.int(1, 999)}:${rng.int(1, 99)})`);
  return `Error: ${head}\n${frames.join('\n')}`;
}

/** A URL with a query string (percent-encoded values, form encoding). */
export function url(rng: Rng, options: { secrets: number }): string {
  const params = [`page=${rng.int(1, 9)}`];
  for (let s = 0; s < options.secrets; s++) params.push(rng.chance(0.5) ? secret(rng, 'percent') : `v=${encodeURIComponent(secret(rng, rng.pick(SECRET_KINDS)))}`);
  return `https://api.example.com/v1/${rng.pick(['users', 'search', 'callback'])}?${params.join('&')}`;
}

/** Kinds of generated content. */
export const CONTENT_SHAPES = ['semconv', 'prose', 'tool_args', 'error', 'url', 'short', 'huge'] as const;
export type ContentShape = (typeof CONTENT_SHAPES)[number];

/** One generated text of `shape`. */
export function content(rng: Rng, shape: ContentShape, options: { secrets: number; twoByte: boolean; hugeChars?: number }): string {
  switch (shape) {
    case 'semconv':
      return semconvMessages(rng, { ...options, words: rng.int(5, 40) });
    case 'prose':
      return prose(rng, { words: rng.int(1, 40), ...options });
    case 'tool_args':
      return toolArguments(rng, options);
    case 'error':
      return errorMessage(rng, options);
    case 'url':
      return url(rng, options);
    case 'short':
      return options.secrets > 0 ? secret(rng, rng.pick(SECRET_KINDS)) : rng.pick(['', ' ', '{', '[]', '{}', '"x"', fillerWord(rng, options.twoByte)]);
    case 'huge': {
      const target = options.hugeChars ?? 20_000;
      let text = '';
      while (text.length < target) text += `${filler(rng, 40, options.twoByte)} `;
      const words = text.split(' ');
      for (let s = 0; s < options.secrets; s++) words.splice(rng.chance(0.3) ? words.length : rng.int(0, words.length), 0, secret(rng, rng.pick(SECRET_KINDS)));
      text = words.join(' ');
      return rng.chance(0.5) ? JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: text }] }]) : text;
    }
  }
}

/** A random text: a random shape, 0-4 secrets (none about half of the time), Latin-1 or two-byte. */
export function randomContent(rng: Rng, hugeChars?: number): string {
  const shape = rng.chance(0.02) ? 'huge' : rng.pick(CONTENT_SHAPES.filter((s) => s !== 'huge'));
  const secrets = rng.chance(0.5) ? 0 : rng.int(1, 4);
  return content(rng, shape, { secrets, twoByte: rng.chance(0.4), hugeChars });
}
