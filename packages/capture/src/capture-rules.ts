import type { AttributeValue, Attributes } from '@opentelemetry/api';
import { isCaptureMode, type CaptureMode } from './capture-mode';

/**
 * A rule that picks a capture mode from a finished span's name and attributes, for spans that
 * neither state a mode nor run inside a {@link withCaptureMode} scope.
 *
 * Declarative form (also accepted as JSON in AGENT_OTEL_CAPTURE_RULES):
 * `{ mode: 'critical', attributes: { 'gen_ai.tool.type': ['payment', 'external'] } }` matches when
 * every listed attribute equals the value, or one of the values in an array. `spanName` matches the
 * span name exactly, or by a RegExp. Programmatic form: `{ mode, match: (name, attributes) => boolean }`.
 */
export interface CaptureRule {
  /** The mode given to matching spans. */
  mode: CaptureMode;
  /** Attribute values a span must have (all of them); an array lists alternatives. */
  attributes?: Record<string, AttributeValue | AttributeValue[]>;
  /** Span name that must match. */
  spanName?: string | RegExp;
  /** Custom predicate; must be cheap and must not throw (a throw counts as no match). */
  match?: (spanName: string, attributes: Attributes) => boolean;
}

/** Validates rules once, at construction, with an error naming the bad rule. */
export function validateCaptureRules(rules: readonly CaptureRule[]): void {
  rules.forEach((rule, i) => {
    if (!rule || typeof rule !== 'object') throw new TypeError(`capture rule ${i} must be an object`);
    if (!isCaptureMode(rule.mode)) {
      throw new TypeError(`capture rule ${i}: mode ${JSON.stringify(rule.mode)} is not one of sampled, complete, critical`);
    }
    if (rule.attributes === undefined && rule.spanName === undefined && rule.match === undefined) {
      throw new TypeError(`capture rule ${i} has no condition (attributes, spanName or match)`);
    }
    if (rule.match !== undefined && typeof rule.match !== 'function') {
      throw new TypeError(`capture rule ${i}: match must be a function`);
    }
  });
}

/** The mode of the first rule that matches, or undefined. */
export function modeFromRules(rules: readonly CaptureRule[], spanName: string, attributes: Attributes): CaptureMode | undefined {
  for (const rule of rules) {
    if (matches(rule, spanName, attributes)) return rule.mode;
  }
  return undefined;
}

function matches(rule: CaptureRule, spanName: string, attributes: Attributes): boolean {
  if (rule.spanName !== undefined) {
    if (typeof rule.spanName === 'string' ? rule.spanName !== spanName : !rule.spanName.test(spanName)) return false;
  }
  if (rule.attributes !== undefined) {
    for (const key in rule.attributes) {
      const expected = rule.attributes[key];
      const actual = attributes[key];
      if (Array.isArray(expected) ? !expected.includes(actual as never) : expected !== actual) return false;
    }
  }
  if (rule.match !== undefined) {
    try {
      return rule.match(spanName, attributes) === true;
    } catch {
      return false;
    }
  }
  return true;
}
