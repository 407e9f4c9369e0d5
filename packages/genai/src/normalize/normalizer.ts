import type { AttributeValue, Attributes } from '@opentelemetry/api';
import type { SdkSpan as Span } from '@agent-otel/capture';
import { ATTR_NORMALIZED_FROM } from '../attributes';
import { isArray } from '../is-array';
import { BUILDERS, type Builder } from './builders';
import { convertValue } from './convert-value';
import { asRecord, parseJson } from './messages';
import { MAPPING_RULES, SOURCE_CONVENTIONS, SOURCE_PREFIXES, type MappingRule, type SourceConvention } from './mapping-table';

/** Options of normalization (the `normalize` option of `GenAiSpanProcessor`). */
export interface NormalizeOptions {
  /** Conventions to map from. Default: all of `SOURCE_CONVENTIONS`. */
  conventions?: readonly SourceConvention[];
}

/** Maps a span's attributes in place; returns whether it wrote anything. */
export type Normalizer = (span: Span) => boolean;

interface CompiledRule {
  readonly rule: MappingRule;
  readonly builder: Builder | undefined;
  readonly isPrefix: boolean;
}

/**
 * Compiles the mapping table for the given conventions once. The returned function writes, for
 * each canonical attribute the span lacks, the value of the first rule that finds one, and lists
 * the conventions it mapped from in `agent_otel.normalized_from`. It never overwrites.
 * Spans without any `gen_ai.`, `llm.`, `ai.` or `openinference.` key are skipped after one pass
 * over their keys. Throws a TypeError for an unknown convention name.
 */
export function createNormalizer(options: NormalizeOptions = {}): Normalizer {
  const conventions = options.conventions ?? SOURCE_CONVENTIONS;
  if (!isArray(conventions)) throw new TypeError('normalize.conventions must be an array of convention names');
  for (const name of conventions) {
    if (!SOURCE_CONVENTIONS.includes(name)) {
      throw new TypeError(`normalize.conventions: unknown convention ${JSON.stringify(name)}; expected one of ${SOURCE_CONVENTIONS.join(', ')}`);
    }
  }
  const enabled = new Set(conventions);
  const rules: CompiledRule[] = MAPPING_RULES.filter((rule) => enabled.has(rule.convention)).map((rule) => ({
    rule,
    builder: rule.build === undefined ? undefined : BUILDERS[rule.build],
    isPrefix: rule.from.endsWith('.'),
  }));
  const sourceKeys = new Set(rules.filter((r) => !r.isPrefix).map((r) => r.rule.from));
  const sourcePrefixes = [...new Set(rules.filter((r) => r.isPrefix).map((r) => r.rule.from))];
  const isSource = (key: string): boolean => sourceKeys.has(key) || sourcePrefixes.some((prefix) => key.startsWith(prefix));
  return (span) => normalizeSpan(span, rules, isSource);
}

function normalizeSpan(span: Span, rules: readonly CompiledRule[], isSource: (key: string) => boolean): boolean {
  const attributes = span.attributes;
  const keys = Object.keys(attributes);
  // Quick exits: no key of another convention's namespaces, or none that any rule reads.
  if (!keys.some(hasSourcePrefix) || !keys.some(isSource)) return false;
  const written: Attributes = {};
  const from = new Set<SourceConvention>();
  const jsonCache = new Map<string, Record<string, unknown> | undefined>();
  for (const { rule, builder, isPrefix } of rules) {
    if (attributes[rule.to] !== undefined || written[rule.to] !== undefined) continue;
    if (isPrefix ? !keys.some((key) => key.startsWith(rule.from)) : attributes[rule.from] === undefined) continue;
    if (rule.when !== undefined && !rule.when.equals.includes(attributes[rule.when.key] as string)) continue;
    const value = builder !== undefined ? builder(attributes) : convertValue(rule, sourceValue(rule, attributes, jsonCache));
    if (value === undefined) continue;
    written[rule.to] = value;
    from.add(rule.convention);
  }
  if (from.size === 0) return false;
  span.setAttributes(written);
  const previous = attributes[ATTR_NORMALIZED_FROM];
  const names = new Set<string>(Array.isArray(previous) ? previous.filter((v): v is string => typeof v === 'string') : []);
  for (const name of from) names.add(name);
  span.setAttribute(ATTR_NORMALIZED_FROM, [...names].sort());
  return true;
}

function sourceValue(rule: MappingRule, attributes: Attributes, jsonCache: Map<string, Record<string, unknown> | undefined>): unknown {
  const raw: AttributeValue | undefined = attributes[rule.from];
  if (rule.field === undefined) return raw;
  if (!jsonCache.has(rule.from)) jsonCache.set(rule.from, typeof raw === 'string' ? asRecord(parseJson(raw)) : undefined);
  return jsonCache.get(rule.from)?.[rule.field];
}

function hasSourcePrefix(key: string): boolean {
  for (const prefix of SOURCE_PREFIXES) if (key.startsWith(prefix)) return true;
  return false;
}
