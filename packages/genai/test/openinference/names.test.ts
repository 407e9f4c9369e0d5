import { OpenInferenceSpanKind, SemanticConventions } from '@arizeai/openinference-semantic-conventions';
import * as OI from '../../src/openinference/names';

describe('OpenInference names', () => {
  it('match @arizeai/openinference-semantic-conventions 2.12', () => {
    expect(OI.OI_SPAN_KIND).toBe(SemanticConventions.OPENINFERENCE_SPAN_KIND);
    expect(OI.OI_LLM_MODEL_NAME).toBe(SemanticConventions.LLM_MODEL_NAME);
    expect(OI.OI_LLM_PROVIDER).toBe(SemanticConventions.LLM_PROVIDER);
    expect(OI.OI_LLM_INVOCATION_PARAMETERS).toBe(SemanticConventions.LLM_INVOCATION_PARAMETERS);
    expect(OI.OI_LLM_TOKEN_COUNT_PROMPT).toBe(SemanticConventions.LLM_TOKEN_COUNT_PROMPT);
    expect(OI.OI_LLM_TOKEN_COUNT_COMPLETION).toBe(SemanticConventions.LLM_TOKEN_COUNT_COMPLETION);
    expect(OI.OI_LLM_TOKEN_COUNT_TOTAL).toBe(SemanticConventions.LLM_TOKEN_COUNT_TOTAL);
    expect(OI.OI_LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_READ).toBe(SemanticConventions.LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_READ);
    expect(OI.OI_LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_WRITE).toBe(SemanticConventions.LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_WRITE);
    expect(OI.OI_LLM_TOKEN_COUNT_COMPLETION_DETAILS_REASONING).toBe(SemanticConventions.LLM_TOKEN_COUNT_COMPLETION_DETAILS_REASONING);
    expect(OI.OI_LLM_INPUT_MESSAGES).toBe(SemanticConventions.LLM_INPUT_MESSAGES);
    expect(OI.OI_LLM_OUTPUT_MESSAGES).toBe(SemanticConventions.LLM_OUTPUT_MESSAGES);
    expect(OI.OI_PROMPT_TEMPLATE_VERSION).toBe(SemanticConventions.PROMPT_TEMPLATE_VERSION);
    expect(OI.OI_MESSAGE_ROLE).toBe(SemanticConventions.MESSAGE_ROLE);
    expect(OI.OI_MESSAGE_CONTENT).toBe(SemanticConventions.MESSAGE_CONTENT);
    expect(OI.OI_MESSAGE_TOOL_CALL_ID).toBe(SemanticConventions.MESSAGE_TOOL_CALL_ID);
    expect(OI.OI_MESSAGE_TOOL_CALLS).toBe(SemanticConventions.MESSAGE_TOOL_CALLS);
    expect(OI.OI_TOOL_CALL_ID).toBe(SemanticConventions.TOOL_CALL_ID);
    expect(OI.OI_TOOL_CALL_FUNCTION_NAME).toBe(SemanticConventions.TOOL_CALL_FUNCTION_NAME);
    expect(OI.OI_TOOL_CALL_FUNCTION_ARGUMENTS).toBe(SemanticConventions.TOOL_CALL_FUNCTION_ARGUMENTS_JSON);
    expect(OI.OI_INPUT_VALUE).toBe(SemanticConventions.INPUT_VALUE);
    expect(OI.OI_INPUT_MIME_TYPE).toBe(SemanticConventions.INPUT_MIME_TYPE);
    expect(OI.OI_OUTPUT_VALUE).toBe(SemanticConventions.OUTPUT_VALUE);
    expect(OI.OI_OUTPUT_MIME_TYPE).toBe(SemanticConventions.OUTPUT_MIME_TYPE);
    expect(OI.OI_TOOL_NAME).toBe(SemanticConventions.TOOL_NAME);
    expect(OI.OI_TOOL_DESCRIPTION).toBe(SemanticConventions.TOOL_DESCRIPTION);
    expect(OI.OI_AGENT_NAME).toBe(SemanticConventions.AGENT_NAME);
    expect(OI.OI_RETRIEVAL_DOCUMENTS).toBe(SemanticConventions.RETRIEVAL_DOCUMENTS);
    expect(OI.OI_DOCUMENT_ID).toBe(SemanticConventions.DOCUMENT_ID);
    expect(OI.OI_DOCUMENT_SCORE).toBe(SemanticConventions.DOCUMENT_SCORE);
    expect(OI.OI_DOCUMENT_CONTENT).toBe(SemanticConventions.DOCUMENT_CONTENT);
    expect(OI.OI_SESSION_ID).toBe(SemanticConventions.SESSION_ID);
    expect(OI.OI_USER_ID).toBe(SemanticConventions.USER_ID);
  });

  it('use span kinds OpenInference defines', () => {
    const kinds: OI.OpenInferenceSpanKind[] = ['LLM', 'EMBEDDING', 'TOOL', 'AGENT', 'CHAIN', 'RETRIEVER'];
    for (const kind of kinds) expect(Object.values(OpenInferenceSpanKind)).toContain(kind);
  });
});
