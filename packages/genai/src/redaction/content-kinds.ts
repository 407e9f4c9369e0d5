/**
 * Which span attributes and events hold which kind of content, across the conventions agent-otel
 * knows (GenAI semantic conventions, OpenInference, OpenLLMetry, the Vercel AI SDK). One table, so
 * a new content attribute is one edit away. Redaction applies a mode per kind.
 */

/** Kinds of content redaction tells apart. */
export type ContentKind = 'prompts' | 'completions' | 'tools' | 'documents' | 'errors';

/** Every {@link ContentKind}. */
export const CONTENT_KINDS: readonly ContentKind[] = ['prompts', 'completions', 'tools', 'documents', 'errors'];

/** Where one kind of content lives. */
export interface ContentLocations {
  /** Attribute keys (on the span or on its events). */
  readonly keys: readonly string[];
  /** Flattened list prefixes: a key that starts with one of these followed by a digit (`llm.input_messages.0.message.content`). */
  readonly indexedPrefixes: readonly string[];
  /** Event names whose every string attribute is this kind of content. */
  readonly eventNames: readonly string[];
}

/** The content table. */
const CONTENT_LOCATIONS: Readonly<Record<ContentKind, ContentLocations>> = {
  prompts: {
    keys: [
      'gen_ai.input.messages',
      'gen_ai.system_instructions',
      'gen_ai.prompt', // deprecated OTel name
      'gen_ai.retrieval.query.text',
      'input.value', // OpenInference (on TOOL spans it holds tool arguments: redacted as a prompt)
      'llm.prompt_template.variables',
      'ai.prompt',
      'ai.prompt.messages',
      'ai.value', // AI SDK embed input
      'ai.values',
      'traceloop.entity.input',
    ],
    indexedPrefixes: ['gen_ai.prompt.', 'llm.input_messages.', 'llm.prompts.', 'embedding.embeddings.'],
    eventNames: ['gen_ai.user.message', 'gen_ai.system.message', 'gen_ai.content.prompt'],
  },
  completions: {
    keys: [
      'gen_ai.output.messages',
      'gen_ai.completion', // deprecated OTel name
      'output.value', // OpenInference (on TOOL spans it holds the tool result: redacted as a completion)
      'ai.response.text',
      'ai.response.object',
      'ai.response.toolCalls',
      'ai.response.reasoning',
      'traceloop.entity.output',
    ],
    indexedPrefixes: ['gen_ai.completion.', 'llm.output_messages.'],
    eventNames: ['gen_ai.assistant.message', 'gen_ai.choice', 'gen_ai.content.completion'],
  },
  tools: {
    keys: ['gen_ai.tool.call.arguments', 'gen_ai.tool.call.result', 'ai.toolCall.args', 'ai.toolCall.result', 'tool_call.function.arguments'],
    indexedPrefixes: [],
    eventNames: ['gen_ai.tool.message'],
  },
  documents: {
    keys: ['gen_ai.retrieval.documents', 'ai.documents', 'db.query.result.document', 'db.query.result.metadata'],
    indexedPrefixes: ['retrieval.documents.', 'reranker.input_documents.', 'reranker.output_documents.'],
    eventNames: [],
  },
  errors: {
    keys: ['exception.message', 'exception.stacktrace'],
    indexedPrefixes: [],
    eventNames: [],
  },
};

/** Most keys whose kind {@link ContentClassifier} remembers (attribute names are few; a flood of distinct ones only restarts the memory). */
const MAX_REMEMBERED_KEYS = 4096;

/** Classifies attribute keys and event names by {@link CONTENT_LOCATIONS}; built once. */
export class ContentClassifier {
  private readonly byKey = new Map<string, ContentKind>();
  /** Kinds found for keys (null: not content), so a key seen before costs one lookup. */
  private readonly remembered = new Map<string, ContentKind | null>();
  private readonly byEvent = new Map<string, ContentKind>();
  private readonly prefixes: Array<readonly [string, ContentKind]> = [];

  constructor(table: Readonly<Record<ContentKind, ContentLocations>> = CONTENT_LOCATIONS) {
    for (const kind of CONTENT_KINDS) {
      for (const key of table[kind].keys) this.byKey.set(key, kind);
      for (const prefix of table[kind].indexedPrefixes) this.prefixes.push([prefix, kind]);
      for (const name of table[kind].eventNames) this.byEvent.set(name, kind);
    }
  }

  /** The content kind of attribute `key`, or undefined when it is not content. */
  kindOfKey(key: string): ContentKind | undefined {
    const kind = this.byKey.get(key);
    if (kind !== undefined) return kind;
    const remembered = this.remembered.get(key);
    if (remembered !== undefined) return remembered ?? undefined;
    const found = this.kindOfIndexedKey(key);
    if (this.remembered.size >= MAX_REMEMBERED_KEYS) this.remembered.clear();
    this.remembered.set(key, found ?? null);
    return found;
  }

  private kindOfIndexedKey(key: string): ContentKind | undefined {
    for (const [prefix, prefixKind] of this.prefixes) {
      if (key.startsWith(prefix)) {
        const code = key.charCodeAt(prefix.length);
        if (code >= 48 && code <= 57) return prefixKind;
      }
    }
    return undefined;
  }

  /** The content kind of every string attribute of an event called `name`, or undefined. */
  kindOfEvent(name: string): ContentKind | undefined {
    return this.byEvent.get(name);
  }

  /** The flattened-list prefix `key` falls under, for reporting a removed list once (`llm.input_messages.*`). */
  listOf(key: string): string | undefined {
    for (const [prefix] of this.prefixes) if (key.startsWith(prefix)) return `${prefix}*`;
    return undefined;
  }
}
