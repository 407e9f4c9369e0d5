import { countTokens, tokenize, truncateToTokens } from '../../src/llm/tokenize';

describe('stand-in tokenizer', () => {
  it.each([
    ['', []],
    ['   \n\t', []],
    ['Hello, world!', ['Hello', ',', 'world', '!']],
    ['temperature_c: 21', ['temperature_c', ':', '21']],
    ['São Paulo — 3.5°C', ['São', 'Paulo', '—', '3', '.', '5', '°', 'C']],
    ['{"a":1}', ['{', '"', 'a', '"', ':', '1', '}']],
    ['naïve café 🙂', ['naïve', 'café', '🙂']],
  ])('splits %j into words and single punctuation marks', (text, tokens) => {
    expect(tokenize(text)).toEqual(tokens);
    expect(countTokens(text)).toBe(tokens.length);
  });

  it('counts the same on repeated calls (no leftover regex state)', () => {
    expect(countTokens('a b c')).toBe(3);
    expect(countTokens('a b c')).toBe(3);
  });

  it('truncates after N tokens without rewriting the text', () => {
    expect(truncateToTokens('Hello, big world!', 3)).toBe('Hello, big');
    expect(truncateToTokens('Hello, big world!', 1)).toBe('Hello');
    expect(truncateToTokens('Hello, big world!', 0)).toBe('');
  });

  it('leaves text with at most N tokens unchanged, trailing whitespace included', () => {
    expect(truncateToTokens('Hello, world! ', 4)).toBe('Hello, world! ');
    expect(truncateToTokens('Hello', 10)).toBe('Hello');
  });
});
