import { CONTENT_KINDS, type ContentKind } from './content-kinds';
import { BUILT_IN_DETECTORS, BUILT_IN_PII_KINDS, type BuiltInPiiKind, type PiiDetector } from './detectors';
import { isArray } from '../is-array';

/**
 * What happens to one kind of content:
 * - `full`: kept as it is.
 * - `redacted`: every detected sensitive value is replaced by `[REDACTED:<kind>]`; the rest is kept.
 * - `hashed`: every detected value is replaced by `[HASH:<kind>:<16 hex>]`, the first 16 hex digits
 *   of its HMAC-SHA256 under `salt`, so equal values can be correlated without being revealed.
 * - `none`: the attribute is removed; `agent_otel.redaction.removed` names it.
 */
export type RedactionMode = 'full' | 'redacted' | 'hashed' | 'none';

/** Options of redaction (the `redaction` option of `GenAiSpanProcessor`). Every field is optional. */
export interface RedactionOptions {
  /** Prompts: input messages, system instructions, `llm.input_messages.*`, `ai.prompt*`, `input.value`. Default `redacted`. */
  prompts?: RedactionMode;
  /** Completions: output messages, `llm.output_messages.*`, `ai.response.*` text, `output.value`. Default `redacted`. */
  completions?: RedactionMode;
  /** Tool call arguments and results. Default `redacted`. */
  tools?: RedactionMode;
  /** Retrieval documents. Default `redacted`. */
  documents?: RedactionMode;
  /** Exception messages and stack traces (exception events) and the span status message. Default `redacted`. */
  errors?: RedactionMode;
  /**
   * Every other string attribute of every span, event and link (URLs, ids, custom attributes),
   * and the span name, event names and the resource's attributes (through a redacted view of the
   * resource, built once per resource): `full` (not scanned), `redacted` or `hashed`. Default `full`.
   */
  otherAttributes?: Exclude<RedactionMode, 'none'>;
  /** HMAC key of mode `hashed`: a string or bytes, at least 16 bytes. Required when a mode is `hashed`. Default none. */
  salt?: string | Uint8Array;
  /** Built-in detectors to use. Default: all (`email`, `payment_card`, `api_key`, `bearer_token`, `jwt`, `ip_address`, `phone`). */
  builtInDetectors?: readonly BuiltInPiiKind[];
  /** Your own detectors, run after the built-in ones. Default none. */
  detectors?: readonly PiiDetector[];
}

/** Options with defaults applied and checked. */
export interface ResolvedRedaction {
  readonly modes: Readonly<Record<ContentKind, RedactionMode>>;
  readonly otherAttributes: Exclude<RedactionMode, 'none'>;
  readonly salt: Uint8Array | undefined;
  readonly detectors: readonly PiiDetector[];
}

const MODES: readonly RedactionMode[] = ['full', 'redacted', 'hashed', 'none'];
const KIND_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** Applies the defaults. Throws a TypeError naming the option for any invalid value. */
export function resolveRedactionOptions(options: RedactionOptions): ResolvedRedaction {
  if (typeof options !== 'object' || options === null) throw new TypeError('redaction must be an options object or false');
  const modes = {} as Record<ContentKind, RedactionMode>;
  for (const kind of CONTENT_KINDS) {
    const mode = options[kind] ?? 'redacted';
    if (!MODES.includes(mode)) throw new TypeError(`redaction.${kind} must be one of ${MODES.join(', ')}; got ${JSON.stringify(mode)}`);
    modes[kind] = mode;
  }
  const otherAttributes = options.otherAttributes ?? 'full';
  if (otherAttributes !== 'full' && otherAttributes !== 'redacted' && otherAttributes !== 'hashed') {
    throw new TypeError(`redaction.otherAttributes must be full, redacted or hashed; got ${JSON.stringify(otherAttributes)}`);
  }
  const hashed = otherAttributes === 'hashed' || CONTENT_KINDS.some((kind) => modes[kind] === 'hashed');
  const salt = resolveSalt(options.salt, hashed);
  return { modes, otherAttributes, salt, detectors: resolveDetectors(options) };
}

function resolveSalt(salt: string | Uint8Array | undefined, required: boolean): Uint8Array | undefined {
  if (salt === undefined) {
    if (required) throw new TypeError('redaction.salt is required when a mode is hashed');
    return undefined;
  }
  const bytes = typeof salt === 'string' ? Buffer.from(salt, 'utf8') : salt instanceof Uint8Array ? salt : undefined;
  if (bytes === undefined || bytes.length < 16) throw new TypeError('redaction.salt must be a string or bytes of at least 16 bytes');
  return Uint8Array.from(bytes);
}

function resolveDetectors(options: RedactionOptions): PiiDetector[] {
  const builtIn = options.builtInDetectors ?? BUILT_IN_PII_KINDS;
  if (!isArray(builtIn)) throw new TypeError('redaction.builtInDetectors must be an array of detector kinds');
  for (const kind of builtIn) {
    if (!BUILT_IN_PII_KINDS.includes(kind)) {
      throw new TypeError(`redaction.builtInDetectors: unknown kind ${JSON.stringify(kind)}; expected one of ${BUILT_IN_PII_KINDS.join(', ')}`);
    }
  }
  const custom = options.detectors ?? [];
  if (!isArray(custom)) throw new TypeError('redaction.detectors must be an array of { kind, pattern }');
  const detectors: PiiDetector[] = BUILT_IN_DETECTORS.filter((d) => builtIn.includes(d.kind as BuiltInPiiKind));
  custom.forEach((detector, i) => {
    if (typeof detector !== 'object' || detector === null || typeof detector.kind !== 'string' || !KIND_PATTERN.test(detector.kind)) {
      throw new TypeError(`redaction.detectors[${i}].kind must be 1-64 letters, digits, '_', '.' or '-'`);
    }
    const { pattern } = detector;
    if (pattern instanceof RegExp) {
      detectors.push({ kind: detector.kind, pattern: new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`) });
    } else if (typeof pattern === 'function') {
      detectors.push({ kind: detector.kind, pattern });
    } else {
      throw new TypeError(`redaction.detectors[${i}].pattern must be a RegExp or a function returning [start, end] ranges`);
    }
  });
  return detectors;
}
