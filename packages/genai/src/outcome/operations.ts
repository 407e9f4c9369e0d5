/** Operations whose usage, per the conventions, adds up the model calls beneath them. */
export const AGGREGATE_OPERATIONS: ReadonlySet<unknown> = new Set(['invoke_agent', 'invoke_workflow', 'create_agent']);

/** Operations (`gen_ai.operation.name`) that are one model call. */
export const LLM_OPERATIONS: ReadonlySet<unknown> = new Set(['chat', 'text_completion', 'generate_content', 'embeddings']);
