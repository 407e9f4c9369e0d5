import { truncateJson, truncateText, truncationMarker } from '../../src/limits/truncate';

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

  it('falls back to plain truncation for text that is not JSON or cannot be fitted', () => {
    expect(truncateJson(`[${'x'.repeat(100)}`, 50)).toMatch(/…\[truncated \d+ chars\]$/);
    const manyNumbers = JSON.stringify(Array.from({ length: 100 }, (_, i) => i));
    const cut = truncateJson(manyNumbers, 60);
    expect(cut.length).toBeLessThanOrEqual(60);
    expect(cut).toMatch(/…\[truncated \d+ chars\]$/);
  });
});
