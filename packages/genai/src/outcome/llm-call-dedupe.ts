import type { Attributes } from '@opentelemetry/api';
import type { SdkSpan as Span } from '@agent-otel/capture';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_LLM_DUPLICATE_OF,
} from '../attributes';
import { tokenCount } from '../token-count';
import { LLM_OPERATIONS } from './operations';
import { spanIdOf } from './span-id';

/** What makes two spans the same model call: the operation and, when both know it, the request model. */
interface CallIdentity {
  readonly operation: string;
  readonly model: string | undefined;
}

/** Token usage of a call, as far as it is known. */
interface Usage {
  input: number | undefined;
  output: number | undefined;
  responseModel: string | undefined;
}

/** One span while it is open, and what its ended children left for it. */
class CallNode {
  ended = false;
  /** Set when this span ended first and handed the call over to `handedTo`, one of its open children. */
  handedTo: CallNode | undefined;
  identity: CallIdentity | undefined;
  /** Children still open; made when the first child starts (most spans have none). */
  openChildren: Set<CallNode> | undefined;
  /** Usage of the duplicates directly below this span that have ended, summed (retries inside one call); made on the first. */
  childUsage: Usage | undefined;

  constructor(
    readonly span: Span,
    readonly spanId: string,
    readonly parent: CallNode | undefined,
  ) {}
}

/**
 * Most open spans findable as a parent at once. A span that never ends would otherwise be held for
 * good; past this, the oldest open span is no longer found as a parent (a call it and a child
 * describe may then be counted twice).
 */
export const MAX_OPEN_SPANS = 100_000;

/** Reads the canonical operation and request model of attributes that have not been normalized yet. */
export type IdentityReader = (attributes: Attributes) => Attributes;

/**
 * Finds spans that describe a model call another span already describes, so that call is counted
 * once. Two spans are the same call when one is the direct parent of the other and both are model
 * calls (`gen_ai.operation.name` chat, text_completion, generate_content or embeddings) of the same
 * operation and, when both name one, the same request model: a `traceLlmCall` span around an
 * instrumented client, or one instrumentation's span around another's on the same client.
 *
 * The outermost span of such a chain is canonical: it is counted, and the usage it lacks
 * (input and output tokens, response model) is taken from the duplicates that ended inside it
 * (several direct duplicates, e.g. retries inside one `traceLlmCall`, are summed). Each other span of
 * the chain gets `agent_otel.llm.duplicate_of` and no cost; its value is the id of the span it defers
 * to (its parent, or the child an outer span handed the call to), so following it leads to the
 * counted span. When the outer span ends first with no usage while a matching child is still open
 * (a stream handed out of `traceLlmCall`), the call is handed to that child: the outer span is
 * marked a duplicate of it, and the child is counted when it ends.
 *
 * Memory: one small node per open span, looked up by span id (so spans wrapped by another tracer
 * are still found); a node is dropped when its span ends, and at most {@link MAX_OPEN_SPANS} are
 * kept (a span whose node was dropped is left alone when it ends). A span it cannot read makes a method throw; the span processor that holds it counts that
 * and goes on.
 */
export class LlmCallDedupe {
  /** Open spans by id, for their children to find them (however their parent reaches us) and for their own end. */
  private readonly open = new Map<string, CallNode>();

  /**
   * @param readIdentity maps a still-open span's attributes to canonical names (the processor's
   *   normalizer run on a copy), for parents whose instrumentation writes another convention.
   */
  constructor(private readonly readIdentity: IdentityReader) {}

  /** Remembers `span` and its parent while both are open. */
  onStart(span: Span): void {
    const spanId = span.spanContext().spanId;
    const parentId = span.parentSpanContext?.isRemote === true ? undefined : span.parentSpanContext?.spanId;
    const parent = parentId === undefined ? undefined : this.open.get(parentId);
    const node = new CallNode(span, spanId, parent);
    if (parent !== undefined) (parent.openChildren ??= new Set()).add(node);
    this.open.set(spanId, node);
    if (this.open.size > MAX_OPEN_SPANS) this.open.delete(this.open.keys().next().value as string);
  }

  /**
   * Call on a normalized span before its cost is derived. Writes `agent_otel.llm.duplicate_of` or
   * the merged usage; returns whether the span is a duplicate (then it must get no cost).
   */
  onEnding(span: Span): boolean {
    const spanId = spanIdOf(span);
    const node = spanId === undefined ? undefined : this.open.get(spanId);
    // A span never seen starting (or another object with its id) is left alone.
    if (node === undefined || node.span !== span) return false;
    this.open.delete(node.spanId);
    node.ended = true;
    node.parent?.openChildren?.delete(node);
    node.identity = identityOf(span.attributes);
    if (node.identity === undefined) return false;
    const parent = node.parent;
    if (parent !== undefined && parent.handedTo !== node && sameCall(node.identity, this.parentIdentity(parent))) {
      if (!parent.ended) addUsage((parent.childUsage ??= { input: undefined, output: undefined, responseModel: undefined }), ownUsage(span.attributes, node.childUsage));
      span.setAttribute(ATTR_LLM_DUPLICATE_OF, (parent.handedTo ?? parent).spanId);
      return true;
    }
    return this.endCanonical(node, span);
  }

  /** Spans started and not yet ended that children can find as their parent. */
  get openSpans(): number {
    return this.open.size;
  }

  private endCanonical(node: CallNode, span: Span): boolean {
    const attributes = span.attributes;
    const usage = ownUsage(attributes, node.childUsage);
    if (usage.input === undefined && usage.output === undefined) {
      const child = node.openChildren === undefined ? undefined : [...node.openChildren].find((c) => sameCall(node.identity, this.liveIdentity(c)));
      if (child !== undefined) {
        node.handedTo = child;
        span.setAttribute(ATTR_LLM_DUPLICATE_OF, child.spanId);
        return true;
      }
    }
    const merged: Attributes = {};
    if (attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] === undefined && usage.input !== undefined) merged[ATTR_GEN_AI_USAGE_INPUT_TOKENS] = usage.input;
    if (attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] === undefined && usage.output !== undefined) merged[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] = usage.output;
    if (attributes[ATTR_GEN_AI_RESPONSE_MODEL] === undefined && usage.responseModel !== undefined) merged[ATTR_GEN_AI_RESPONSE_MODEL] = usage.responseModel;
    span.setAttributes(merged);
    return false;
  }

  private parentIdentity(parent: CallNode): CallIdentity | undefined {
    return parent.ended ? parent.identity : this.liveIdentity(parent);
  }

  private liveIdentity(node: CallNode): CallIdentity | undefined {
    const attributes = node.span.attributes;
    return identityOf(attributes) ?? identityOf(this.readIdentity(attributes));
  }
}

function identityOf(attributes: Attributes): CallIdentity | undefined {
  const operation = attributes[ATTR_GEN_AI_OPERATION_NAME];
  if (typeof operation !== 'string' || !LLM_OPERATIONS.has(operation)) return undefined;
  const model = attributes[ATTR_GEN_AI_REQUEST_MODEL];
  return { operation, model: typeof model === 'string' && model !== '' ? model : undefined };
}

function sameCall(a: CallIdentity | undefined, b: CallIdentity | undefined): boolean {
  if (a === undefined || b === undefined || a.operation !== b.operation) return false;
  return a.model === undefined || b.model === undefined || a.model === b.model;
}

/** The span's own usage where it has one, else what its duplicates reported. */
function ownUsage(attributes: Attributes, fromChildren: Usage | undefined): Usage {
  const input = tokenCount(attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]);
  const output = tokenCount(attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]);
  const responseModel = attributes[ATTR_GEN_AI_RESPONSE_MODEL];
  const hasOwn = input !== undefined || output !== undefined;
  return {
    input: hasOwn ? input : fromChildren?.input,
    output: hasOwn ? output : fromChildren?.output,
    responseModel: typeof responseModel === 'string' && responseModel !== '' ? responseModel : fromChildren?.responseModel,
  };
}

function addUsage(total: Usage, usage: Usage): void {
  if (usage.input !== undefined) total.input = (total.input ?? 0) + usage.input;
  if (usage.output !== undefined) total.output = (total.output ?? 0) + usage.output;
  total.responseModel ??= usage.responseModel;
}
