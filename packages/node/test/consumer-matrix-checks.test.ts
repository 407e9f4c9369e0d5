/**
 * The checks of the consumer matrix (scripts/consumer/) fail when they should: a doubled cost, a
 * missing duplicate marker, a doubled HTTP span, a copy of an OpenTelemetry package we add, an npm
 * peer warning, a README that differs from the matrix, a node of the wrong major.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const { traceProblems, callCost } = require('../../../scripts/consumer/check-trace');
const { addedCopies, nestedInOurs } = require('../../../scripts/consumer/otel-copies');
const { FORBIDDEN_NPM_WARNINGS, appEnv } = require('../../../scripts/consumer/npm-app');
const { CELLS, installArgs } = require('../../../scripts/consumer/cells');
const { renderSection, extractSection, replaceSection, START, END } = require('../../../scripts/consumer/readme-section');
const { nodeBinary } = require('../../../scripts/consumer/node-binaries');
/* eslint-enable @typescript-eslint/no-require-imports */

interface Span {
  name: string;
  kind: number;
  startNanos: bigint;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

const MARKER = 'agent_otel.test.duplicate';
const PRICE = { inputPerMillion: 0.15, outputPerMillion: 0.6 };
const LLM = 'http://127.0.0.1:4000/v1';
const calls = [
  { requestModel: 'gpt-4o-mini', responseModel: 'gpt-4o-mini-2024-07-18', inputTokens: 20, outputTokens: 9 },
  { requestModel: 'gpt-4o-mini', responseModel: 'gpt-4o-mini-2024-07-18', inputTokens: 25, outputTokens: 14 },
];
const report = { scenario: 'register', node: 'v20', traceId: 'a'.repeat(32), conversationId: 'consumer-register', calls };
const withInstrumentation = { openaiInstrumentation: true, httpClientSpans: true };

let clock = 0n;
function span(name: string, attributes: Record<string, unknown>, kind = 1): Span {
  clock += 10n;
  return { name, kind, startNanos: clock, attributes, resource: { 'service.name': 'svc' } };
}

/** The trace the matrix expects: agent span with roll-up, per call a helper span (counted), an instrumentation span (marked), one HTTP span. */
function goodTrace(): Span[] {
  const total = calls.reduce((sum, c) => sum + callCost(c, PRICE), 0);
  const spans = [
    span('invoke_agent consumer-agent', {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.conversation.id': 'consumer-register',
      'agent_otel.request.llm_call_count': 2,
      'agent_otel.request.input_tokens': 45,
      'agent_otel.request.output_tokens': 23,
      'agent_otel.request.cost.usd': total,
    }),
  ];
  for (const call of calls) {
    const genai = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': call.requestModel,
      'gen_ai.response.model': call.responseModel,
      'gen_ai.usage.input_tokens': call.inputTokens,
      'gen_ai.usage.output_tokens': call.outputTokens,
      'gen_ai.agent.name': 'consumer-agent',
      'agent_otel.cost.usd': callCost(call, PRICE),
    };
    spans.push(span('chat gpt-4o-mini', genai));
    spans.push(span('chat gpt-4o-mini', { ...genai, [MARKER]: 'x' }));
    spans.push(span('POST', { 'url.full': `${LLM}/chat/completions` }, 3));
  }
  return spans;
}

const check = (spans: Span[], scenario = withInstrumentation) =>
  traceProblems({ spans, report, scenario, serviceName: 'svc', agentName: 'consumer-agent', price: PRICE, duplicateMarker: MARKER, llmBaseUrl: LLM });

describe('consumer matrix trace check', () => {
  it('accepts the trace it requires', () => {
    expect(check(goodTrace())).toEqual([]);
  });

  it('fails when the duplicate span of a call is not marked, so its cost counts twice', () => {
    const spans = goodTrace().map((s) => {
      const { [MARKER]: _marker, ...rest } = s.attributes;
      return { ...s, attributes: rest };
    });
    const problems = check(spans).join('\n');
    expect(problems).toContain(`expected 2 chat spans marked with ${MARKER}, found 0`);
    expect(problems).toContain('the sum of agent_otel.cost.usd');
  });

  it('fails when the instrumentation made no span (e.g. an ES module not patched)', () => {
    const spans = goodTrace().filter((s) => s.attributes[MARKER] === undefined);
    expect(check(spans).join('\n')).toContain('expected 4 chat spans for 2 calls, found 2');
  });

  it('fails when an HTTP client span is made twice, or when none is made', () => {
    const doubled = goodTrace().flatMap((s) => (s.kind === 3 ? [s, { ...s }] : [s]));
    expect(check(doubled).join('\n')).toContain('expected 2 HTTP client spans');
    const none = goodTrace().filter((s) => s.kind !== 3);
    expect(check(none).join('\n')).toContain('expected 2 HTTP client spans');
  });

  it('fails on a wrong cost, wrong usage, a missing roll-up and a wrong service', () => {
    const spans = goodTrace();
    const helper = spans.find((s) => s.attributes['gen_ai.operation.name'] === 'chat' && s.attributes[MARKER] === undefined)!;
    helper.attributes['agent_otel.cost.usd'] = (helper.attributes['agent_otel.cost.usd'] as number) * 2;
    helper.attributes['gen_ai.usage.input_tokens'] = 99;
    delete spans[0].attributes['agent_otel.request.llm_call_count'];
    delete spans[0].attributes['gen_ai.conversation.id'];
    spans[0].resource['service.name'] = 'other';
    const problems = check(spans).join('\n');
    expect(problems).toContain('call 1 (chat gpt-4o-mini): agent_otel.cost.usd');
    expect(problems).toContain('gen_ai.usage.input_tokens is 99, expected 20');
    expect(problems).toContain('roll-up: agent_otel.request.llm_call_count is undefined, expected 2');
    expect(problems).toContain('service.name is "other"');
    expect(problems).toContain(`the agent span's gen_ai.conversation.id is undefined, expected "consumer-register"`);
  });
});

describe('consumer matrix OpenTelemetry copies check', () => {
  const baseline = {
    '@opentelemetry/api': [{ version: '1.10.0', location: 'node_modules/@opentelemetry/api' }],
    '@opentelemetry/core': [
      { version: '3.1.1', location: 'node_modules/@opentelemetry/core' },
      { version: '3.1.0', location: 'node_modules/@opentelemetry/sdk-node/node_modules/@opentelemetry/core' },
    ],
  };

  it('accepts the duplicates the OpenTelemetry packages bring themselves', () => {
    expect(addedCopies(baseline, baseline)).toEqual([]);
    expect(nestedInOurs(baseline)).toEqual([]);
  });

  it('fails on a copy agent-otel adds, nested or hoisted', () => {
    const nested = { version: '2.12.0', location: 'node_modules/@agent-otel/node/node_modules/@opentelemetry/core' };
    const withOurs = { ...baseline, '@opentelemetry/core': [...baseline['@opentelemetry/core'], nested] };
    expect(addedCopies(withOurs, baseline)).toEqual([expect.stringContaining('@opentelemetry/core: 3 copies')]);
    expect(nestedInOurs(withOurs)).toEqual([`2.12.0 at ${nested.location}`]);
    const hoisted = {
      ...baseline,
      '@opentelemetry/instrumentation-undici': [
        { version: '0.33.0', location: 'node_modules/@opentelemetry/instrumentation-undici' },
        { version: '0.34.0', location: 'node_modules/@opentelemetry/auto-instrumentations-node/node_modules/@opentelemetry/instrumentation-undici' },
      ],
    };
    expect(addedCopies(hoisted, baseline)).toEqual([expect.stringContaining('@opentelemetry/instrumentation-undici: 2 copies')]);
  });
});

describe('consumer matrix npm and README checks', () => {
  it('treats peer conflicts and engine mismatches as failures, other npm notices not', () => {
    for (const line of [
      'npm warn ERESOLVE overriding peer dependency',
      'npm warn EBADENGINE Unsupported engine {',
      'npm error invalid: @opentelemetry/api@1.10.0 /tmp/app/node_modules/@opentelemetry/api',
    ])
      expect(FORBIDDEN_NPM_WARNINGS.test(line)).toBe(true);
    for (const line of [
      'npm warn install-scripts 1 package has install scripts not yet covered by allowScripts:',
      'npm warn deprecated glob@7.2.3: old',
      'added 350 packages in 53s',
    ]) {
      expect(FORBIDDEN_NPM_WARNINGS.test(line)).toBe(false);
    }
  });

  it("runs the app's commands on the cell's node, without npm test's npm_* settings or this repository's tools", () => {
    const saved = { PATH: process.env.PATH, npm_config_cache: process.env.npm_config_cache, NODE_OPTIONS: process.env.NODE_OPTIONS };
    try {
      process.env.PATH = ['/repo/node_modules/.bin', '/usr/local/bin', '/usr/bin'].join(':');
      process.env.npm_config_cache = '/repo/cache';
      process.env.NODE_OPTIONS = '--require /repo/hook.js';
      const env = appEnv('/cache/node-v24/bin/node', { LLM_BASE_URL: 'http://127.0.0.1:1/v1' });
      expect(env.PATH).toBe('/cache/node-v24/bin:/usr/local/bin:/usr/bin');
      expect(env.npm_config_cache).toBeUndefined();
      expect(env.NODE_OPTIONS).toBeUndefined();
      expect(env.LLM_BASE_URL).toBe('http://127.0.0.1:1/v1');
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it('installs the tarballs in place of our names, and the baseline without them', () => {
    const tarballs = { '@agent-otel/node': '/t/node.tgz', '@agent-otel/genai': '/t/genai.tgz', '@agent-otel/capture': '/t/capture.tgz', '@agent-otel/cli': '/t/cli.tgz' };
    for (const cell of CELLS) {
      const full: string[][] = installArgs(cell, tarballs);
      expect(full.flat().filter((arg) => arg.startsWith('@agent-otel/'))).toEqual([]);
      expect(
        full
          .flat()
          .filter((arg) => arg.endsWith('.tgz'))
          .sort(),
      ).toEqual(Object.values(tarballs).sort());
      const baseline: string[][] = installArgs(cell, null);
      expect(baseline.flat().some((arg) => arg.startsWith('@agent-otel/') || arg.endsWith('.tgz'))).toBe(false);
      expect(baseline.flat().filter((arg) => !arg.startsWith('-'))).toEqual(cell.install.flat().filter((arg: string) => !arg.startsWith('-') && !arg.startsWith('@agent-otel/')));
    }
  });

  it('rewrites only the README block between its markers, and refuses a README without them', () => {
    const readme = `# title\n\n${START}\nold table\n${END}\n\nrest\n`;
    const rewritten = replaceSection(readme);
    expect(extractSection(rewritten)).toBe(renderSection());
    expect(rewritten.startsWith('# title\n\n')).toBe(true);
    expect(rewritten.endsWith(`${END}\n\nrest\n`)).toBe(true);
    expect(extractSection(readme)).toBe('old table');
    expect(() => replaceSection('# no markers\n')).toThrow(/has no/);
  });

  it('refuses a node binary of another major, naming the variable to set', () => {
    expect(() => nodeBinary(20, { run: () => 'v22.1.0\n' })).toThrow(/needs Node.js 20, but .* is v22.1.0; set NODE20_BIN/);
    expect(nodeBinary(20, { run: () => 'v20.20.2\n' }).version).toBe('v20.20.2');
    expect(() => nodeBinary(18, { run: () => 'v18.0.0' })).toThrow(/no Node.js 18 binary/);
  });
});
