import type { AttributeValue } from '@opentelemetry/api';
import { tokenCount } from '../token-count';
import { canonicalFinishReason } from './messages';
import { PROVIDER_ALIASES, type MappingRule } from './mapping-table';

/** The canonical value for `value` under `rule`, or undefined when it does not fit. */
export function convertValue(rule: MappingRule, value: unknown): AttributeValue | undefined {
  switch (rule.value) {
    case undefined:
      return isAttributeValue(value) ? value : undefined;
    case 'string':
      return typeof value === 'string' && value !== '' ? value : undefined;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'count':
      return tokenCount(value);
    case 'provider':
      return typeof value === 'string' && value !== '' ? providerName(value) : undefined;
    case 'seconds-from-ms':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value / 1000 : undefined;
    case 'finish-reasons':
      return typeof value === 'string' && value !== '' ? [canonicalFinishReason(value)] : undefined;
    case 'lookup':
      return typeof value === 'string' && rule.lookup !== undefined && Object.prototype.hasOwnProperty.call(rule.lookup, value) ? rule.lookup[value] : undefined;
  }
}

/**
 * A provider name as `gen_ai.provider.name` spells it: lower-cased, an alias replaced, and the
 * AI SDK's API suffix dropped (`openai.chat` → `openai`, `google.vertex.chat` → `gcp.vertex_ai`).
 */
export function providerName(name: string): string {
  const lower = name.toLowerCase();
  const alias = PROVIDER_ALIASES[lower];
  if (alias !== undefined) return alias;
  const segments = lower.split('.');
  for (let length = segments.length - 1; length >= 1; length--) {
    const prefix = segments.slice(0, length).join('.');
    const prefixAlias = PROVIDER_ALIASES[prefix];
    if (prefixAlias !== undefined) return prefixAlias;
  }
  return segments.length > 1 && !lower.includes('_') && isKnownApiSuffix(segments[segments.length - 1]!) ? segments.slice(0, -1).join('.') : lower;
}

/** The AI SDK names providers `{provider}.{api}`; these are the API suffixes it uses. */
function isKnownApiSuffix(segment: string): boolean {
  return ['chat', 'completion', 'responses', 'messages', 'embedding', 'image', 'transcription', 'speech', 'generative-ai'].includes(segment);
}

function isAttributeValue(value: unknown): value is AttributeValue {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return true;
    default:
      return Array.isArray(value);
  }
}
