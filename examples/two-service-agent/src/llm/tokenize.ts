/**
 * The stand-in's tokenizer: simple, deterministic, and documented so that `usage` numbers can be
 * checked by hand. A token is either
 *   - a word: a maximal run of letters, combining marks, digits and `_`, or
 *   - any other single character that is not whitespace (punctuation, symbols, emoji).
 * Whitespace separates tokens and is never counted. Example: `Hello, world!` is 4 tokens
 * (`Hello`, `,`, `world`, `!`); `temperature_c: 21` is 3.
 * Real model tokenizers (BPE) give different numbers; what matters here is that the counts are
 * real counts of the text that was sent and returned.
 */
const TOKEN = /[\p{L}\p{M}\p{N}_]+|[^\s\p{L}\p{M}\p{N}_]/gu;

/** Splits `text` into tokens by the rule above. */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Number of tokens in `text` by the rule above. */
export function countTokens(text: string): number {
  let count = 0;
  TOKEN.lastIndex = 0;
  while (TOKEN.exec(text) !== null) count++;
  return count;
}

/**
 * Cuts `text` after its first `maxTokens` tokens, keeping the text up to the end of the last kept
 * token so nothing is rewritten. Returns `text` unchanged when it has at most `maxTokens` tokens.
 */
export function truncateToTokens(text: string, maxTokens: number): string {
  let count = 0;
  let end = 0;
  for (const match of text.matchAll(TOKEN)) {
    if (count === maxTokens) return text.slice(0, end);
    count++;
    end = (match.index ?? 0) + match[0].length;
  }
  return text;
}
