import { SpanKind } from '@opentelemetry/api';
import { traceTool } from '../src/trace-tool';
import { setUpTracing, type TestTracing } from './helpers/test-tracing';

let tracing: TestTracing;

beforeEach(() => {
  tracing = setUpTracing();
});

afterEach(() => tracing.tearDown());

describe('traceTool', () => {
  it('starts an INTERNAL execute_tool span with the tool attributes', async () => {
    const result = await traceTool({ name: 'get_weather', type: 'function', callId: 'call_abc', description: 'Weather by city', capture: 'complete' }, async () => ({
      temperature: 21,
    }));
    expect(result).toEqual({ temperature: 21 });
    const span = tracing.span('execute_tool get_weather');
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(span.attributes).toEqual({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'get_weather',
      'gen_ai.tool.type': 'function',
      'gen_ai.tool.call.id': 'call_abc',
      'gen_ai.tool.description': 'Weather by city',
      'agent_otel.capture.mode': 'complete',
    });
  });

  it('accepts a tool type the conventions do not list', () => {
    traceTool({ name: 'pay', type: 'payment' }, () => undefined);
    expect(tracing.span('execute_tool pay').attributes['gen_ai.tool.type']).toBe('payment');
  });
});
