import type { ReadableSpan } from '../sdk-trace-types';
import { writeAttributes, type KeyCache } from './attribute-encoder';
import { ensureCapacity, finishMessage, ProtobufOutput, writeVarint } from './protobuf-writer';
import { writeString } from './string-writer';

/**
 * Encoded resource and instrumentation-scope fields, computed once per object.
 *
 * Each span batch of a process usually shares one resource and a few scopes, so their bytes are
 * cached in `WeakMap`s keyed by the objects themselves (entries go when the objects do). An entry
 * is reused only while the fields it was built from are the same values (the resource's memoized
 * `attributes` object and `schemaUrl`; the scope's name, version, schema URL, attributes and
 * dropped count); mutating an attributes object in place after it was encoded is not detected —
 * the SDK never does that.
 */

/** The resource as it appears on spans. */
export type SpanResource = ReadableSpan['resource'];
/** The instrumentation scope as it appears on spans, with the optional fields the serializer reads. */
export type SpanScope = ReadableSpan['instrumentationScope'] & {
  readonly attributes?: object;
  readonly droppedAttributesCount?: number;
};

/** The fields that go before and after the nested list in `ResourceSpans` or `ScopeSpans`. */
export interface EncodedFields {
  /** Field 1 (resource or scope), tag and length included. */
  readonly head: Uint8Array;
  /** Field 3 (schema_url) with its tag, or empty when there is none. */
  readonly tail: Uint8Array;
}

interface ResourceEntry extends EncodedFields {
  readonly attributes: unknown;
  readonly schemaUrl: string | undefined;
}

interface ScopeEntry extends EncodedFields {
  readonly name: string;
  readonly version: string | undefined;
  readonly schemaUrl: string | undefined;
  readonly attributes: object | undefined;
  readonly droppedAttributesCount: number | undefined;
}

const EMPTY = new Uint8Array(0);

/** A copy of the first `end` bytes written to `out` (`Buffer#slice` would share memory). */
function copyOut(out: ProtobufOutput, end: number): Uint8Array {
  return new Uint8Array(out.buf.subarray(0, end));
}

/** Builds and remembers the encoded resource and scope fields. */
export class ResourceScopeCache {
  private readonly resources = new WeakMap<object, ResourceEntry>();
  private readonly scopes = new WeakMap<object, ScopeEntry>();
  private readonly scratch = new ProtobufOutput(1024);

  constructor(private readonly keys: KeyCache) {}

  /** `ResourceSpans.resource` and `ResourceSpans.schema_url` for `resource`. */
  resource(resource: SpanResource): EncodedFields {
    const attributes = resource.attributes;
    const schemaUrl = resource.schemaUrl;
    const cached = this.resources.get(resource);
    if (cached && cached.attributes === attributes && cached.schemaUrl === schemaUrl) return cached;
    const out = this.scratch;
    let buf = ensureCapacity(out, 0, 2);
    buf[0] = 0x0a;
    let p = attributes ? writeAttributes(out, 2, attributes, 0x0a, this.keys) : 2;
    buf = ensureCapacity(out, p, 2);
    buf[p] = 0x10; // dropped_attributes_count: the SDK does not track it, always 0
    buf[p + 1] = 0;
    p = finishMessage(out, 1, 1, p + 2);
    const entry: ResourceEntry = {
      attributes,
      schemaUrl,
      head: copyOut(out, p),
      tail: this.schemaUrlField(schemaUrl),
    };
    this.resources.set(resource, entry);
    return entry;
  }

  /** `ScopeSpans.scope` and `ScopeSpans.schema_url` for `scope`. */
  scope(scope: SpanScope): EncodedFields {
    const cached = this.scopes.get(scope);
    if (
      cached &&
      cached.name === scope.name &&
      cached.version === scope.version &&
      cached.schemaUrl === scope.schemaUrl &&
      cached.attributes === scope.attributes &&
      cached.droppedAttributesCount === scope.droppedAttributesCount
    ) {
      return cached;
    }
    const out = this.scratch;
    ensureCapacity(out, 0, 3)[0] = 0x0a;
    out.buf[2] = 0x0a;
    let p = writeString(out, 3, scope.name);
    if (scope.version) {
      ensureCapacity(out, p, 1)[p] = 0x12;
      p = writeString(out, p + 1, scope.version);
    }
    if (scope.attributes) p = writeAttributes(out, p, scope.attributes, 0x1a, this.keys);
    if (scope.droppedAttributesCount) {
      ensureCapacity(out, p, 1)[p] = 0x20;
      p = writeVarint(out, p + 1, scope.droppedAttributesCount);
    }
    p = finishMessage(out, 1, 1, p);
    const entry: ScopeEntry = {
      name: scope.name,
      version: scope.version,
      schemaUrl: scope.schemaUrl,
      attributes: scope.attributes,
      droppedAttributesCount: scope.droppedAttributesCount,
      head: copyOut(out, p),
      tail: this.schemaUrlField(scope.schemaUrl),
    };
    this.scopes.set(scope, entry);
    return entry;
  }

  private schemaUrlField(schemaUrl: string | undefined): Uint8Array {
    if (!schemaUrl) return EMPTY;
    const out = this.scratch;
    ensureCapacity(out, 0, 1)[0] = 0x1a;
    const end = writeString(out, 1, schemaUrl);
    return copyOut(out, end);
  }
}
