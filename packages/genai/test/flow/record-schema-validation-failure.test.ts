import { diag, trace, type Span } from '@opentelemetry/api';
import { recordSchemaValidationFailure } from '../../src/flow/record-schema-validation-failure';
import { captureDiagWarnings, setUpTracing, type TestTracing } from '../helpers/test-tracing';

let tracing: TestTracing;

beforeEach(() => {
  tracing = setUpTracing();
});

afterEach(async () => {
  diag.disable();
  await tracing.tearDown();
});

let spans = 0;

function eventAttributes(fn: (span: Span) => void): Record<string, unknown> | undefined {
  const name = `op ${++spans}`;
  const span = trace.getTracer('test').startSpan(name);
  fn(span);
  span.end();
  const events = tracing.span(name).events;
  expect(events.map((e) => e.name)).toEqual(events.length ? ['agent_otel.schema_validation'] : []);
  return events[0]?.attributes;
}

const schema = {
  type: 'object',
  properties: { city: { type: 'string' }, days: { type: 'integer' } },
  required: ['city', 'days'],
  additionalProperties: false,
};

describe('recordSchemaValidationFailure', () => {
  it('records the schema, the output and its diff against a JSON schema', () => {
    const attributes = eventAttributes((span) => recordSchemaValidationFailure(span, { expectedSchema: schema, actual: { city: 'Lisbon', days: '3', extra: 1 } }));
    expect(attributes?.['agent_otel.schema_validation.expected']).toBe(JSON.stringify(schema));
    expect(attributes?.['agent_otel.schema_validation.actual']).toBe('{"city":"Lisbon","days":"3","extra":1}');
    expect(JSON.parse(attributes?.['agent_otel.schema_validation.diff'] as string)).toEqual([
      { op: 'changed', path: '$.days', expected: 'integer', actual: '3' },
      { op: 'added', path: '$.extra', actual: 1 },
    ]);
  });

  it('diffs against an expected value when one is given, and keeps raw text output as is', () => {
    const attributes = eventAttributes((span) => recordSchemaValidationFailure(span, { expectedSchema: 'TripPlan@2', expected: { city: 'Lisbon' }, actual: { city: 'Porto' } }));
    expect(attributes?.['agent_otel.schema_validation.expected']).toBe('TripPlan@2');
    expect(JSON.parse(attributes?.['agent_otel.schema_validation.diff'] as string)).toEqual([{ op: 'changed', path: '$.city', expected: 'Lisbon', actual: 'Porto' }]);
    const raw = eventAttributes((span) => recordSchemaValidationFailure(span, { expectedSchema: 'TripPlan@2', actual: 'Sure! Here is {city: Lisbon' }));
    expect(raw).toEqual({
      'agent_otel.schema_validation.expected': 'TripPlan@2',
      'agent_otel.schema_validation.actual': 'Sure! Here is {city: Lisbon',
    });
  });

  it("uses the caller's diff, and caps everything", () => {
    const attributes = eventAttributes((span) =>
      recordSchemaValidationFailure(span, {
        expectedSchema: { description: 'x'.repeat(5000) },
        actual: { text: 'y'.repeat(5000) },
        diff: ['days: Expected number, received string'],
      }),
    );
    expect(attributes?.['agent_otel.schema_validation.diff']).toBe('["days: Expected number, received string"]');
    expect((attributes?.['agent_otel.schema_validation.expected'] as string).length).toBe(2048);
    expect((attributes?.['agent_otel.schema_validation.actual'] as string).length).toBe(2048);
  });

  it('counts entries past the limit', () => {
    const wide = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`k${i}`, i]));
    const attributes = eventAttributes((span) => recordSchemaValidationFailure(span, { expectedSchema: 'Empty', expected: {}, actual: wide }));
    const diff = JSON.parse(attributes?.['agent_otel.schema_validation.diff'] as string) as unknown[];
    expect(diff).toHaveLength(21);
    expect(diff[20]).toEqual({ omitted: 5 });
  });

  it('records circular output safely and warns once about an invalid schema', () => {
    const warnings = captureDiagWarnings();
    const looped: Record<string, unknown> = {};
    looped.self = looped;
    const attributes = eventAttributes((span) => recordSchemaValidationFailure(span, { expectedSchema: 42 as never, actual: looped }));
    expect(attributes).toEqual({ 'agent_otel.schema_validation.actual': '{"self":"[Circular]"}' });
    expect(warnings.filter((w) => w.includes('recordSchemaValidationFailure'))).toHaveLength(1);
  });
});
