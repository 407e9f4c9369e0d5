import { context, SpanKind, type Span } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_DESCRIPTION,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
} from './attributes';
import { spanName, startAttributes, tracerOf, type CommonSpanOptions } from './helper-options';
import { runInSpan } from './with-span';

/** Kind of tool (`gen_ai.tool.type`): the conventions name `function`, `extension` and `datastore`. */
export type ToolType = 'function' | 'extension' | 'datastore' | (string & {});

/** Options of {@link traceTool}. */
export interface ToolSpanOptions extends CommonSpanOptions {
  /** Tool name (`gen_ai.tool.name`); also names the span `execute_tool {name}`. */
  name: string;
  /** Tool type (`gen_ai.tool.type`). Default: none. */
  type?: ToolType;
  /** The model's id for this tool call (`gen_ai.tool.call.id`). Default: none. */
  callId?: string;
  /** Tool description (`gen_ai.tool.description`). Default: none. */
  description?: string;
}

/**
 * Runs `fn` inside an `execute_tool {name}` span (kind INTERNAL) for one tool execution.
 * Ends when `fn` returns or its promise settles; failures are recorded and rethrown.
 */
export function traceTool<T>(options: ToolSpanOptions, fn: (span: Span) => T): T {
  const attributes = startAttributes('traceTool', options, {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
    [ATTR_GEN_AI_TOOL_NAME]: options.name,
    [ATTR_GEN_AI_TOOL_TYPE]: options.type,
    [ATTR_GEN_AI_TOOL_CALL_ID]: options.callId,
    [ATTR_GEN_AI_TOOL_DESCRIPTION]: options.description,
  });
  return runInSpan(tracerOf(options), spanName(GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL, options.name), { kind: SpanKind.INTERNAL, attributes }, context.active(), fn);
}
