import { ATTR_CAPTURE_MODE as CAPTURE_ATTR } from '@agent-otel/capture';
import * as attributes from '@agent-otel/genai/attributes';
import * as root from '@agent-otel/genai';

describe('attributes', () => {
  const names = Object.entries(attributes).filter(([constant]) => constant.startsWith('ATTR_')) as Array<[string, string]>;

  it('gives every constant a distinct attribute name', () => {
    const values = names.map(([, value]) => value);
    expect(new Set(values).size).toBe(values.length);
  });

  it('keeps project names under agent_otel.* and the rest under the conventions', () => {
    for (const [constant, value] of names) {
      if (constant.startsWith('ATTR_GEN_AI_')) expect(value).toMatch(/^gen_ai\./);
      else if (['ATTR_SESSION_ID', 'ATTR_USER_ID', 'ATTR_ERROR_TYPE'].includes(constant)) expect(value).not.toMatch(/^agent_otel\./);
      else expect(value).toMatch(/^agent_otel\./);
    }
  });

  it('uses the convention names this package documents', () => {
    expect(attributes.ATTR_GEN_AI_PROVIDER_NAME).toBe('gen_ai.provider.name');
    expect(attributes.ATTR_GEN_AI_AGENT_VERSION).toBe('gen_ai.agent.version');
    expect(attributes.ATTR_GEN_AI_USAGE_INPUT_TOKENS).toBe('gen_ai.usage.input_tokens');
    expect(attributes.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS).toBe('gen_ai.usage.output_tokens');
    expect(attributes.ATTR_SESSION_ID).toBe('session.id');
    expect(attributes.ATTR_USER_ID).toBe('user.id');
    expect(attributes.ATTR_ERROR_TYPE).toBe('error.type');
    expect(attributes.ATTR_USAGE_TOTAL_TOKENS).toBe('agent_otel.usage.total_tokens');
    expect(attributes.ATTR_COST_USD).toBe('agent_otel.cost.usd');
  });

  it('re-exports the capture mode attribute owned by @agent-otel/capture', () => {
    expect(attributes.ATTR_CAPTURE_MODE).toBe(CAPTURE_ATTR);
  });

  it('are exported from the subpath @agent-otel/genai/attributes only, not from the package root', () => {
    const names = Object.keys(attributes);
    expect(names.length).toBeGreaterThan(100);
    expect(names.filter((name) => name in root)).toEqual([]);
    expect(root.GenAiSpanProcessor).toBeDefined();
  });
});
