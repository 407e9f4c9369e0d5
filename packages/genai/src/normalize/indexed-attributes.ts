import type { AttributeValue, Attributes } from '@opentelemetry/api';

/** Sub-keys and values of one index of a flattened list, e.g. `message.role` → `user`. */
export type IndexedEntry = ReadonlyMap<string, AttributeValue>;

/**
 * Groups flattened list attributes such as `llm.input_messages.0.message.role` by their index:
 * `groupIndexed(attributes, 'llm.input_messages.')` gives, in index order, one map per index from the
 * rest of the key (`message.role`) to the value. Keys whose segment after `prefix` is not a
 * non-negative integer are ignored.
 */
export function groupIndexed(attributes: Attributes | IndexedEntry, prefix: string): IndexedEntry[] {
  const groups = new Map<number, Map<string, AttributeValue>>();
  const entries = attributes instanceof Map ? attributes.entries() : Object.entries(attributes as Attributes);
  for (const [key, value] of entries) {
    if (value === undefined || !key.startsWith(prefix)) continue;
    const dot = key.indexOf('.', prefix.length);
    const indexText = dot === -1 ? key.slice(prefix.length) : key.slice(prefix.length, dot);
    if (!/^\d{1,6}$/.test(indexText)) continue;
    const index = Number(indexText);
    let group = groups.get(index);
    if (group === undefined) groups.set(index, (group = new Map()));
    group.set(dot === -1 ? '' : key.slice(dot + 1), value);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, group]) => group);
}

/** The string value of `key` in `entry`, else undefined. */
export function stringAt(entry: IndexedEntry, key: string): string | undefined {
  const value = entry.get(key);
  return typeof value === 'string' ? value : undefined;
}
