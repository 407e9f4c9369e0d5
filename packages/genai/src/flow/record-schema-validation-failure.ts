import type { Attributes, Span } from '@opentelemetry/api';
import { ATTR_SCHEMA_VALIDATION_ACTUAL, ATTR_SCHEMA_VALIDATION_DIFF, ATTR_SCHEMA_VALIDATION_EXPECTED, EVENT_SCHEMA_VALIDATION } from '../attributes';
import { emit } from './emit-event';
import { diffAgainstSchema, diffJson, type JsonDiff, type JsonDiffEntry } from './json-diff';
import { capText, toCappedJson, VALUE_LIMIT } from './text';

/** An output that failed validation, for {@link recordSchemaValidationFailure}. */
export interface SchemaValidationFailure {
  /** The schema's name (e.g. `TripPlan@2`) or the JSON schema itself; stringified and capped at 2048 characters. */
  expectedSchema: string | object;
  /** The output received (parsed, or the raw text when it was not JSON); stringified and capped at 2048 characters. */
  actual: unknown;
  /**
   * An expected value to diff `actual` against (e.g. a golden answer in an eval). Default: none;
   * the diff is then taken against `expectedSchema` when it is a JSON schema.
   */
  expected?: unknown;
  /**
   * The differences as you know them (a validator's messages, or diff entries), capped at 2048
   * characters. Default: computed — against `expected` when given, else against `expectedSchema`
   * when it is an object (see `diffAgainstSchema`); none when the schema is only a name.
   */
  diff?: string | readonly string[] | readonly JsonDiffEntry[];
}

/**
 * Adds an `agent_otel.schema_validation` event to `span` with the expected schema, the actual
 * output and a compact diff (a JSON array of `{ op, path, expected?, actual? }`, at most 20
 * entries, then `{ "omitted": n }`). The event does not fail the span; call `recordAgentFailure`
 * too when the failure ends the operation. Output content goes through the same redaction as the
 * span's other attributes when `GenAiSpanProcessor` redacts events. Never throws.
 */
export function recordSchemaValidationFailure(span: Span, failure: SchemaValidationFailure): void {
  emit(span, 'recordSchemaValidationFailure', EVENT_SCHEMA_VALIDATION, failure, (f, bad) => {
    const attributes: Attributes = {};
    if (typeof f.expectedSchema === 'string' || (typeof f.expectedSchema === 'object' && f.expectedSchema !== null)) {
      attributes[ATTR_SCHEMA_VALIDATION_EXPECTED] = toCappedJson(f.expectedSchema);
    } else {
      bad('expectedSchema');
    }
    attributes[ATTR_SCHEMA_VALIDATION_ACTUAL] = toCappedJson(f.actual);
    const diff = diffText(f);
    if (diff !== undefined) attributes[ATTR_SCHEMA_VALIDATION_DIFF] = diff;
    return attributes;
  });
}

function diffText(failure: SchemaValidationFailure): string | undefined {
  const given = failure.diff;
  if (typeof given === 'string') return capText(given, VALUE_LIMIT);
  if (Array.isArray(given)) return toCappedJson(given);
  if ('expected' in failure && failure.expected !== undefined) return formatDiff(diffJson(failure.expected, failure.actual));
  if (typeof failure.expectedSchema === 'object' && failure.expectedSchema !== null) {
    return formatDiff(diffAgainstSchema(failure.expectedSchema, failure.actual));
  }
  return undefined;
}

function formatDiff(diff: JsonDiff): string {
  const items: unknown[] = [...diff.entries];
  if (diff.omitted > 0) items.push({ omitted: diff.omitted });
  return toCappedJson(items);
}
