import type { AttributeValue, Attributes } from '@opentelemetry/api';
import type { BuilderName } from './mapping-table';
import { openInferenceInputMessages, openInferenceOutputMessages, openInferenceRetrievalDocuments } from './openinference-builders';
import { openLlmetryFinishReasons, openLlmetryInputMessages, openLlmetryOutputMessages } from './openllmetry-builders';
import { vercelOutputMessages, vercelPromptInput, vercelPromptMessages, vercelSystemInstructions } from './vercel-ai-builders';

/** Builds a canonical value from a span's attributes; undefined when the span has nothing to build from. */
export type Builder = (attributes: Attributes) => AttributeValue | undefined;

/** The builder behind each {@link BuilderName} of the mapping table. */
export const BUILDERS: Readonly<Record<BuilderName, Builder>> = {
  'openinference.input_messages': openInferenceInputMessages,
  'openinference.output_messages': openInferenceOutputMessages,
  'openinference.retrieval_documents': openInferenceRetrievalDocuments,
  'openllmetry.input_messages': openLlmetryInputMessages,
  'openllmetry.output_messages': openLlmetryOutputMessages,
  'openllmetry.finish_reasons': openLlmetryFinishReasons,
  'vercel-ai.prompt_messages': vercelPromptMessages,
  'vercel-ai.prompt_input': vercelPromptInput,
  'vercel-ai.system_instructions': vercelSystemInstructions,
  'vercel-ai.output_messages': vercelOutputMessages,
};
