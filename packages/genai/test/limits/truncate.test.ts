import { dropCutTails, truncateJson, truncateText, truncationMarker } from '../../src/limits/truncate';

describe('truncateText', () => {
  it('cuts to the limit and ends with a marker counting the removed units', () => {
    const text = 'a'.repeat(100);
    const cut = truncateText(text, 40);
    expect(cut.length).toBeLessThanOrEqual(40);
    const kept = cut.indexOf('…');
    expect(cut).toBe('a'.repeat(kept) + truncationMarker(100 - kept));
  });

  it('returns text that fits as it is', () => {
    expect(truncateText('short', 5)).toBe('short');
  });

  it('never splits a surrogate pair', () => {
    const text = `${'a'.repeat(4)}😀${'b'.repeat(60)}`;
    for (let max = 24; max < 30; max++) {
      const cut = truncateText(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    }
  });

  it('cuts without a marker when the limit cannot hold one', () => {
    expect(truncateText('abcdefghijklmnopqrstuvwxyz', 5)).toBe('abcde');
  });

  it('ends with a fixed marker when given one, counting nothing and never re-counting an earlier marker', () => {
    expect(truncateText('abcdef', 4, '…')).toBe('abc…');
    expect(truncateText('abcdef', 6, '…')).toBe('abcdef');
    expect(truncateText('ab😀cd', 4, '…')).toBe('ab…');
    const counted = truncateText('a'.repeat(100), 40);
    expect(truncateText(counted, 10, '…')).toBe(`${'a'.repeat(9)}…`);
    expect(truncateText('abcdef', 1, '…')).toBe('…');
  });
});

describe('truncateJson', () => {
  it('cuts the longest strings so the result stays valid JSON within the limit', () => {
    const messages = [
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'x'.repeat(5000) }] },
    ];
    const cut = truncateJson(JSON.stringify(messages), 300);
    expect(cut.length).toBeLessThanOrEqual(300);
    const parsed = JSON.parse(cut);
    expect(parsed[0].parts[0].content).toBe('Be brief.');
    expect(parsed[1].parts[0].content).toMatch(/^x+…\[truncated \d+ chars\]$/);
  });

  it('accounts for escapes in the serialized length', () => {
    const cut = truncateJson(JSON.stringify({ text: '"\n'.repeat(500) }), 200);
    expect(cut.length).toBeLessThanOrEqual(200);
    expect(() => JSON.parse(cut)).not.toThrow();
  });

  it('falls back to plain truncation for text that is not JSON', () => {
    expect(truncateJson(`[${'x'.repeat(100)}`, 50)).toMatch(/…\[truncated \d+ chars\]$/);
  });

  it('drops trailing elements, with a marker element, when cutting strings cannot make it fit', () => {
    const manyNumbers = JSON.stringify(Array.from({ length: 100 }, (_, i) => i));
    const cut = truncateJson(manyNumbers, 60);
    expect(cut.length).toBeLessThanOrEqual(60);
    const parsed = JSON.parse(cut) as unknown[];
    expect(parsed.slice(0, 3)).toEqual([0, 1, 2]);
    expect(parsed[parsed.length - 1]).toMatch(/^…\[truncated \d+ chars\]$/);
  });

  it('falls back to plain truncation when not even the structure fits', () => {
    const nested = `${'['.repeat(20)}1${']'.repeat(20)}`;
    const cut = truncateJson(nested, 30);
    expect(cut.length).toBeLessThanOrEqual(30);
  });
});

describe('truncateJson on values far larger than the limit', () => {
  it('reads only a bounded window: content past it may even be invalid, the result is valid JSON with a marker', () => {
    const text = `[${'"item",'.repeat(1_000_000)}INVALID`;
    const cut = truncateJson(text, 1000);
    expect(cut.length).toBeLessThanOrEqual(1000);
    const parsed = JSON.parse(cut) as string[];
    expect(parsed[0]).toBe('item');
    expect(parsed[parsed.length - 1]).toMatch(/^…\[truncated \d+ chars\]$/);
  });

  it('caps each long string on the way, so the messages after a huge one are kept', () => {
    const messages = [
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: `${'x'.repeat(800_000)}\\"` }] },
      { role: 'assistant', parts: [{ type: 'text', content: 'done' }] },
    ];
    const cut = truncateJson(JSON.stringify(messages), 1000);
    expect(cut.length).toBeLessThanOrEqual(1000);
    const parsed = JSON.parse(cut);
    expect(parsed.map((m: { role: string }) => m.role)).toEqual(['system', 'user', 'assistant']);
    expect(parsed[1].parts[0].content).toMatch(/^x+…\[truncated \d+ chars\]$/);
    expect(parsed[2].parts[0].content).toBe('done');
  });

  it('closes open objects when the window ends inside one, with a marker member', () => {
    const record = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, i]));
    const cut = truncateJson(JSON.stringify({ outer: record }), 500);
    expect(cut.length).toBeLessThanOrEqual(500);
    const parsed = JSON.parse(cut) as { outer: Record<string, unknown> };
    expect(parsed.outer.k0).toBe(0);
    expect(parsed.outer['…']).toMatch(/^…\[truncated \d+ chars\]$/);
  });

  it('never splits an escape sequence or a surrogate pair when it caps a string', () => {
    for (let shift = 0; shift < 8; shift++) {
      const content = `${'a'.repeat(shift)}${'\u00e9\n"😀\\'.repeat(100_000)}`;
      const cut = truncateJson(JSON.stringify([content, 'tail']), 300);
      const parsed = JSON.parse(cut) as string[];
      expect(parsed[1]).toBe('tail');
      expect(parsed[0]).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    }
  });

  it('falls back to plain truncation when the window is not JSON', () => {
    const cut = truncateJson(`[INFO] ${'x'.repeat(1_000_000)}`, 100);
    expect(cut).toMatch(/^\[INFO\] x+…\[truncated \d+ chars\]$/);
  });
});

describe('cuts made before redaction', () => {
  it('adds to the count of a value that was already cut', () => {
    const once = truncateText('a'.repeat(1000), 200);
    const twice = truncateText(once, 100);
    const kept = twice.indexOf('…');
    expect(twice).toBe('a'.repeat(kept) + truncationMarker(1000 - kept));
  });

  it('lose the units just before their marker, so a value cut in half cannot survive', () => {
    const text = `${'a'.repeat(1000)} ann.lee@example.com ${'b'.repeat(1000)}`;
    const cut = truncateText(text, 1040);
    expect(cut).toContain('ann.lee@exa');
    const trimmed = dropCutTails(cut, 512)!;
    expect(trimmed).not.toContain('ann');
    const kept = trimmed.indexOf('…');
    expect(trimmed).toBe('a'.repeat(kept) + truncationMarker(text.length - kept));
    expect(kept).toBe(cut.indexOf('…') - 512);
    const json = JSON.stringify({ a: cut, b: 'kept ann.lee', c: ['x', cut] });
    const parsed = JSON.parse(dropCutTails(json, 512)!);
    expect(parsed.a).toBe(trimmed);
    expect(parsed.b).toBe('kept ann.lee');
    expect(parsed.c).toEqual(['x', trimmed]);
    expect(dropCutTails('nothing was cut here', 512)).toBeUndefined();
  });
});

describe('truncateJson cost', () => {
  it('gives up searching a string for its end past its share (16 units per unit of window, 4 Mi at most): the window ends there, still valid JSON', () => {
    const cut = truncateJson(JSON.stringify([{ content: 'y'.repeat(6 * 1024 * 1024) }, 'after']), 1000);
    const parsed = JSON.parse(cut) as unknown[];
    expect(parsed).toHaveLength(1);
    expect((parsed[0] as { content: string }).content).toMatch(/^y+…\[truncated \d+ chars\]$/);
  });
});
