import { capText, messageOf, optionalText, sanitizeMessage, stackFrames, toCappedJson } from '../../src/flow/text';

describe('capText', () => {
  it('keeps text within the limit and cuts longer text with a marker', () => {
    expect(capText('abc', 3)).toBe('abc');
    expect(capText('abcdef', 4)).toBe('abc…');
    expect(capText('abcdef', 4)).toHaveLength(4);
  });

  it('never splits a surrogate pair', () => {
    const cut = capText('ab😀cd', 4); // 'a','b',high,low,'c','d'
    expect(cut).toBe('ab…');
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe('sanitizeMessage', () => {
  it('drops stack frames, collapses whitespace, trims and caps', () => {
    const message = '  Rate limit\n  reached for gpt-4o\n    at call (/app/x.js:1:2)\n    at main (/app/y.js:3:4)';
    expect(sanitizeMessage(message)).toBe('Rate limit reached for gpt-4o');
    expect(sanitizeMessage('x'.repeat(600))).toHaveLength(512);
    expect(sanitizeMessage('x'.repeat(600), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('gives undefined for non-strings and blank strings in optionalText', () => {
    expect(optionalText(42)).toBeUndefined();
    expect(optionalText('   ')).toBeUndefined();
    expect(optionalText(' ok ')).toBe('ok');
  });
});

describe('stackFrames', () => {
  it('returns the frames without the message lines before them', () => {
    const error = new Error('secret@example.com is not allowed');
    const frames = stackFrames(error.stack as string) as string;
    expect(frames).toMatch(/^\s+at /);
    expect(frames).not.toContain('secret@example.com');
    expect(stackFrames('no frames here')).toBeUndefined();
  });
});

describe('toCappedJson', () => {
  it('serializes plain values like JSON.stringify and keeps strings unquoted', () => {
    const value = { a: [1, 'two', null, true], b: { c: 1.5 }, skip: undefined, f: () => 1 };
    expect(toCappedJson(value)).toBe(JSON.stringify(value));
    expect(toCappedJson('plain text')).toBe('plain text');
    expect(toCappedJson([undefined, NaN])).toBe('[null,null]');
    expect(toCappedJson(new Date(0))).toBe('"1970-01-01T00:00:00.000Z"');
  });

  it('marks circular references and writes BigInts as strings', () => {
    const looped: Record<string, unknown> = { n: 10n };
    looped.self = looped;
    expect(toCappedJson(looped)).toBe('{"n":"10","self":"[Circular]"}');
    const shared = { x: 1 };
    expect(toCappedJson([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });

  it('stops early on huge values and caps the output', () => {
    const huge = new Array(1_000_000).fill('some text');
    const json = toCappedJson(huge, 100);
    expect(json).toHaveLength(100);
    expect(json.endsWith('…')).toBe(true);
    expect(toCappedJson({ big: 'y'.repeat(10_000) }, 50)).toHaveLength(50);
  });

  it('limits nesting depth', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(toCappedJson(deep, 10_000)).toContain('"[Deep]"');
  });

  it('never throws on a throwing toJSON or getter, and stringifies what JSON leaves out', () => {
    const throwing = {
      toJSON: () => {
        throw new Error('no');
      },
    };
    const getter = Object.defineProperty({}, 'x', {
      enumerable: true,
      get: () => {
        throw new Error('no');
      },
    });
    expect(toCappedJson(throwing)).toBe('[unserializable]');
    expect(toCappedJson(getter)).toBe('[unserializable]');
    expect(toCappedJson(undefined)).toBe('undefined');
  });
});

describe('messageOf', () => {
  it('takes the message of errors and error-like objects, and a string form of anything else', () => {
    expect(messageOf(new Error('boom'))).toBe('boom');
    expect(messageOf({ message: 'shaped' })).toBe('shaped');
    expect(messageOf({ status: 500 })).toBe('{"status":500}');
    expect(messageOf('text')).toBe('text');
    expect(messageOf(7)).toBe('7');
  });
});
