/**
 * A compact structural diff for plain JSON values, and a check of a value against the common
 * subset of JSON Schema, both reported as the same list of path-level differences.
 */

import { capText } from './text';

/** One difference: at `path` (JSONPath-like, `$.items[2].price`) a value was added, removed or changed. */
export interface JsonDiffEntry {
  /** `added`: present but not expected; `removed`: expected but missing; `changed`: different value or type. */
  readonly op: 'added' | 'removed' | 'changed';
  /** Where, from `$` (the root). */
  readonly path: string;
  /** What was expected: a value, or for schemas a type such as `number` or `one of ["a","b"]`. */
  readonly expected?: unknown;
  /** What was there, shortened: long strings cut, objects and arrays summarized. */
  readonly actual?: unknown;
}

/** Default most entries reported; the rest are only counted. */
const DIFF_ENTRY_LIMIT = 20;

/** Nesting below this depth is not compared (values this deep are rare and may be cyclic). */
const MAX_DEPTH = 32;

/** Longest string kept whole in an entry. */
const STRING_PREVIEW = 64;

/** The differences found, the first `limit` of them, and how many more there were. */
export interface JsonDiff {
  readonly entries: readonly JsonDiffEntry[];
  readonly omitted: number;
}

/**
 * The differences between `expected` and `actual`: object members compared by key, arrays by
 * index, everything else by value (`NaN` equals `NaN`). Never throws.
 */
export function diffJson(expected: unknown, actual: unknown, limit: number = DIFF_ENTRY_LIMIT): JsonDiff {
  const collector = new Collector(limit);
  try {
    compareValues(expected, actual, '$', 0, collector);
  } catch {
    // A throwing getter: report what was found before it.
  }
  return collector.result();
}

/**
 * The differences between `actual` and what `schema` requires, for the common keywords: `type`
 * (one or a list; `integer` included), `enum`, `const`, `properties`, `required`,
 * `additionalProperties: false` and `items` (one schema). Other keywords (`$ref`, `anyOf`,
 * formats, ranges) are not checked. A missing required member is `removed`, a member the schema
 * forbids `added`, a wrong type or value `changed`. Never throws.
 */
export function diffAgainstSchema(schema: unknown, actual: unknown, limit: number = DIFF_ENTRY_LIMIT): JsonDiff {
  const collector = new Collector(limit);
  try {
    checkSchema(schema, actual, '$', 0, collector);
  } catch {
    // A throwing getter: report what was found before it.
  }
  return collector.result();
}

class Collector {
  private readonly entries: JsonDiffEntry[] = [];
  private omitted = 0;

  constructor(private readonly limit: number) {}

  add(entry: JsonDiffEntry): void {
    if (this.entries.length < this.limit) this.entries.push(entry);
    else this.omitted++;
  }

  result(): JsonDiff {
    return { entries: this.entries, omitted: this.omitted };
  }
}

function compareValues(expected: unknown, actual: unknown, path: string, depth: number, out: Collector): void {
  if (depth > MAX_DEPTH) return;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const length = Math.max(expected.length, actual.length);
    for (let i = 0; i < length; i++) {
      const at = `${path}[${i}]`;
      if (i >= actual.length) out.add({ op: 'removed', path: at, expected: preview(expected[i]) });
      else if (i >= expected.length) out.add({ op: 'added', path: at, actual: preview(actual[i]) });
      else compareValues(expected[i], actual[i], at, depth + 1, out);
    }
    return;
  }
  if (isPlainObject(expected) && isPlainObject(actual)) {
    for (const key of Object.keys(expected)) {
      const at = memberPath(path, key);
      if (!Object.prototype.hasOwnProperty.call(actual, key)) out.add({ op: 'removed', path: at, expected: preview(expected[key]) });
      else compareValues(expected[key], actual[key], at, depth + 1, out);
    }
    for (const key of Object.keys(actual)) {
      if (!Object.prototype.hasOwnProperty.call(expected, key)) out.add({ op: 'added', path: memberPath(path, key), actual: preview(actual[key]) });
    }
    return;
  }
  if (!Object.is(expected, actual) && !(expected === 0 && actual === 0)) {
    out.add({ op: 'changed', path, expected: preview(expected), actual: preview(actual) });
  }
}

function checkSchema(schema: unknown, actual: unknown, path: string, depth: number, out: Collector): void {
  if (depth > MAX_DEPTH || !isPlainObject(schema)) return;
  const types = schemaTypes(schema.type);
  if (types !== undefined && !types.some((type) => hasType(actual, type))) {
    out.add({ op: 'changed', path, expected: types.join(' | '), actual: preview(actual) });
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => diffJson(option, actual, 1).entries.length === 0)) {
    out.add({ op: 'changed', path, expected: `one of ${JSON.stringify(schema.enum.slice(0, 10).map(preview))}`, actual: preview(actual) });
    return;
  }
  if ('const' in schema && diffJson(schema.const, actual, 1).entries.length > 0) {
    out.add({ op: 'changed', path, expected: preview(schema.const), actual: preview(actual) });
    return;
  }
  if (isPlainObject(actual)) checkObject(schema, actual, path, depth, out);
  else if (Array.isArray(actual) && isPlainObject(schema.items)) {
    for (let i = 0; i < actual.length; i++) checkSchema(schema.items, actual[i], `${path}[${i}]`, depth + 1, out);
  }
}

function checkObject(schema: Record<string, unknown>, actual: Record<string, unknown>, path: string, depth: number, out: Collector): void {
  const properties = isPlainObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required.filter((key): key is string => typeof key === 'string') : [];
  for (const key of required) {
    if (!Object.prototype.hasOwnProperty.call(actual, key)) {
      const member = properties[key];
      const type = isPlainObject(member) ? schemaTypes(member.type)?.join(' | ') : undefined;
      out.add({ op: 'removed', path: memberPath(path, key), expected: type ?? 'a value' });
    }
  }
  for (const key of Object.keys(actual)) {
    const at = memberPath(path, key);
    if (Object.prototype.hasOwnProperty.call(properties, key)) checkSchema(properties[key], actual[key], at, depth + 1, out);
    else if (schema.additionalProperties === false) out.add({ op: 'added', path: at, actual: preview(actual[key]) });
  }
}

function schemaTypes(type: unknown): string[] | undefined {
  if (typeof type === 'string') return [type];
  if (Array.isArray(type) && type.every((t) => typeof t === 'string')) return type;
  return undefined;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isPlainObject(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
    case 'boolean':
      return typeof value === type;
    default:
      return true; // an unknown type name is not ours to judge
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function memberPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** `value` shortened for an entry: long strings cut, objects and arrays summarized. */
function preview(value: unknown): unknown {
  if (typeof value === 'string') return capText(value, STRING_PREVIEW);
  if (Array.isArray(value)) return `array(${value.length})`;
  if (isPlainObject(value)) return 'object';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  if (value === undefined) return 'undefined';
  return typeof value;
}
