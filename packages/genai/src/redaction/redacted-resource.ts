import type { AttributeValue, Attributes } from '@opentelemetry/api';
import type { SpanResource as ReadResource } from '@agent-otel/capture';

type RawAttribute = [string, AttributeValue | undefined | PromiseLike<AttributeValue | undefined>];

/**
 * The resource as spans carry it: what agent-otel reads, plus the SDK resource's `merge` and
 * `getRawAttributes`, which a view must pass on when the resource has them.
 */
export interface SpanResource extends ReadResource {
  merge?(other: SpanResource | null): SpanResource;
  getRawAttributes?(): RawAttribute[];
}

/** How a resource's attributes are scrubbed; `key` decides the mode, as for span attributes. */
export interface ResourceScrub {
  /** The scrubbed attributes, or undefined when nothing had to change. */
  attributes(attributes: Attributes): Attributes | undefined;
  /** One value scrubbed, `null` when it is to be dropped, undefined when it stays as it is. */
  value(key: string, value: AttributeValue): AttributeValue | null | undefined;
}

/**
 * Redacted views of resources, one per resource object and built once: every span of a provider
 * shares its resource, so its attributes are scanned once, not per span, and the view keeps the
 * identity that exporters' per-resource caches rely on. A resource with nothing to redact is its
 * own view. A resource whose asynchronous attributes are still pending gets a view that scans them
 * once they have settled.
 */
export class ResourceRedactor {
  private readonly views = new WeakMap<SpanResource, SpanResource>();

  constructor(private readonly scrub: ResourceScrub) {}

  /** The redacted view of `resource` (`resource` itself when nothing in it is sensitive). */
  view(resource: SpanResource): SpanResource {
    const known = this.views.get(resource);
    if (known !== undefined) return known;
    let view: SpanResource = resource;
    if (resource.asyncAttributesPending === true) view = new RedactedResource(resource, this.scrub, this);
    else {
      const scrubbed = this.scrub.attributes(resource.attributes);
      if (scrubbed !== undefined) view = new RedactedResource(resource, this.scrub, this, { from: resource.attributes, to: scrubbed });
    }
    this.views.set(resource, view);
    if (view !== resource) this.views.set(view, view);
    return view;
  }
}

/** A resource whose attributes are those of `inner`, scrubbed. Everything else is delegated. */
class RedactedResource implements SpanResource {
  constructor(
    private readonly inner: SpanResource,
    private readonly scrub: ResourceScrub,
    private readonly owner: ResourceRedactor,
    private memo?: { readonly from: Attributes; readonly to: Attributes },
  ) {}

  get asyncAttributesPending(): boolean | undefined {
    return this.inner.asyncAttributesPending;
  }

  get schemaUrl(): string | undefined {
    return this.inner.schemaUrl;
  }

  /** The inner attributes, scrubbed; computed once they have settled, then kept (same object every time). */
  get attributes(): Attributes {
    const from = this.inner.attributes;
    if (this.memo !== undefined && this.memo.from === from) return this.memo.to;
    const to = this.scrub.attributes(from) ?? from;
    if (this.inner.asyncAttributesPending !== true) this.memo = { from, to };
    return to;
  }

  waitForAsyncAttributes(): Promise<void> {
    return this.inner.waitForAsyncAttributes?.() ?? Promise.resolve();
  }

  /** The merge of the inner resource with `other`, redacted too (the inner resource must support merging). */
  merge(other: SpanResource | null): SpanResource {
    if (this.inner.merge === undefined) throw new TypeError('this resource does not support merge()');
    return this.owner.view(this.inner.merge(other));
  }

  /** The inner resource's raw attributes (or its attributes), scrubbed; pending values once they settle. */
  getRawAttributes(): RawAttribute[] {
    const raw: RawAttribute[] = this.inner.getRawAttributes?.() ?? Object.entries(this.inner.attributes);
    return raw.map(([key, value]): RawAttribute => {
      if (isPromiseLike(value)) return [key, Promise.resolve(value).then((settled) => this.scrubOne(key, settled))];
      return [key, this.scrubOne(key, value)];
    });
  }

  private scrubOne(key: string, value: AttributeValue | undefined): AttributeValue | undefined {
    if (value === undefined) return undefined;
    const scrubbed = this.scrub.value(key, value);
    return scrubbed === null ? undefined : (scrubbed ?? value);
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<AttributeValue | undefined> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
