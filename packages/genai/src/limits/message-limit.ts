import type { AttributeValue, Attributes } from '@opentelemetry/api';
import { asRecord, parseJson } from '../normalize/messages';
import { isArray } from '../is-array';

/** Message lists the message limit applies to, kept as JSON arrays. */
export const JSON_MESSAGE_KEYS: readonly string[] = ['gen_ai.input.messages', 'ai.prompt.messages'];
/** Flattened message lists the message limit applies to (`{prefix}{i}.…`). */
export const FLATTENED_MESSAGE_PREFIXES: readonly string[] = ['llm.input_messages.', 'gen_ai.prompt.'];

/**
 * Which of `count` messages to keep under `max`: the first system message (when `systemIndex` is
 * one), then the latest others, in their original order.
 */
export function keptIndices(count: number, max: number, systemIndex: number | undefined): number[] {
  if (count <= max) return [...Array(count).keys()];
  const pinned = systemIndex !== undefined ? [systemIndex] : [];
  const latest: number[] = [];
  for (let i = count - 1; i >= 0 && latest.length < max - pinned.length; i--) if (i !== systemIndex) latest.push(i);
  return [...pinned, ...latest.reverse()].sort((a, b) => a - b);
}

/** A JSON message array cut to `max` messages; undefined when it is not one or already fits. */
export function limitJsonMessages(text: string, max: number): { value: string; dropped: number } | undefined {
  const messages = parseJson(text);
  if (!isArray(messages) || messages.length <= max) return undefined;
  const systemIndex = messages.findIndex((m) => asRecord(m)?.role === 'system');
  const kept = keptIndices(messages.length, max, systemIndex === -1 ? undefined : systemIndex);
  return { value: JSON.stringify(kept.map((i) => messages[i])), dropped: messages.length - kept.length };
}

/**
 * The attributes of a flattened message list (`prefix` + index) cut to `max` messages and
 * renumbered from 0: `remove` lists every key of the list, `set` the keys to write back.
 * Undefined when the list fits.
 */
export function limitFlattenedMessages(attributes: Attributes, prefix: string, max: number): { remove: string[]; set: Attributes; dropped: number } | undefined {
  const byIndex = new Map<number, Array<[string, AttributeValue]>>();
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (value === undefined || !key.startsWith(prefix)) continue;
    const match = /^(\d{1,6})(\..*|)$/.exec(key.slice(prefix.length));
    if (match === null) continue;
    const index = Number(match[1]);
    let entries = byIndex.get(index);
    if (entries === undefined) byIndex.set(index, (entries = []));
    entries.push([match[2]!, value]); // both groups take part in every match
  }
  if (byIndex.size <= max) return undefined;
  const indices = [...byIndex.keys()].sort((a, b) => a - b);
  const systemPosition = indices.findIndex((index) => byIndex.get(index)!.some(([rest, value]) => isRoleKey(rest) && value === 'system'));
  const kept = keptIndices(indices.length, max, systemPosition === -1 ? undefined : systemPosition);
  const remove: string[] = [];
  for (const index of indices) for (const [rest] of byIndex.get(index)!) remove.push(`${prefix}${index}${rest}`);
  const set: Attributes = {};
  kept.forEach((position, newIndex) => {
    for (const [rest, value] of byIndex.get(indices[position]!)!) set[`${prefix}${newIndex}${rest}`] = value;
  });
  return { remove, set, dropped: indices.length - kept.length };
}

function isRoleKey(rest: string): boolean {
  return rest === '.message.role' || rest === '.role';
}
