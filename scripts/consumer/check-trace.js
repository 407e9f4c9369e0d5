'use strict';
/**
 * What the consumer matrix requires of the trace one scenario left in Jaeger, as a list of
 * problems (empty when the trace is right). Spans are the `TraceSpan` objects of
 * `@agent-otel/cli`'s JaegerClient (`name`, `kind`, `startNanos`, `attributes`, `resource`).
 *
 * Required: one `invoke_agent <agentName>` span of service `serviceName`; per model call one span
 * with `gen_ai.operation.name = chat` that counts (no duplicate marker), with provider, request and
 * response model, usage equal to what the client received, and `agent_otel.cost.usd` equal to the
 * call's price; where an openai instrumentation runs beside the helper, exactly one more chat span
 * per call, carrying the marker; the sum of `agent_otel.cost.usd` over all spans without the
 * marker equal to the cost of the calls (what a backend summing cost sees); the request roll-up on
 * the agent span (`llm_call_count`, input tokens, cost); the agent span's `gen_ai.conversation.id`
 * equal to the report's `conversationId` (set through `@agent-otel/genai/attributes`); and exactly one HTTP client span per call
 * to the LLM endpoint where an http instrumentation runs (none where none runs).
 */

const SPAN_KIND_CLIENT = 3;
const COST = 'agent_otel.cost.usd';
const TOLERANCE = 1e-12;

/** The cost of `call` (`{ inputTokens, outputTokens }`) at `price` (`{ inputPerMillion, outputPerMillion }`), in USD. */
function callCost(call, price) {
  return (call.inputTokens * price.inputPerMillion + call.outputTokens * price.outputPerMillion) / 1e6;
}

/**
 * Options: `spans`, `report` (the app's CONSUMER_REPORT: `conversationId`, `calls` with requestModel,
 * responseModel, inputTokens, outputTokens), `scenario` (`openaiInstrumentation`, `httpClientSpans`), `serviceName`,
 * `agentName`, `price`, `duplicateMarker` (the attribute that marks a duplicate span), `llmBaseUrl`.
 */
function traceProblems({ spans, report, scenario, serviceName, agentName, price, duplicateMarker, llmBaseUrl }) {
  const problems = [];
  const near = (a, b) => typeof a === 'number' && Math.abs(a - b) <= TOLERANCE;
  const isDuplicate = (span) => span.attributes[duplicateMarker] !== undefined;
  const calls = report.calls;

  const agents = spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'invoke_agent');
  const agent = agents[0];
  if (agents.length !== 1 || agent.name !== `invoke_agent ${agentName}`) {
    problems.push(`expected one span "invoke_agent ${agentName}", found ${JSON.stringify(agents.map((s) => s.name))}`);
  } else if (agent.resource['service.name'] !== serviceName) {
    problems.push(`the agent span's service.name is ${JSON.stringify(agent.resource['service.name'])}, expected ${serviceName}`);
  }

  const chat = spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
  const perCall = scenario.openaiInstrumentation ? 2 : 1;
  if (chat.length !== calls.length * perCall) problems.push(`expected ${calls.length * perCall} chat spans for ${calls.length} calls, found ${chat.length}`);
  const marked = chat.filter(isDuplicate);
  const expectedMarked = scenario.openaiInstrumentation ? calls.length : 0;
  if (marked.length !== expectedMarked) problems.push(`expected ${expectedMarked} chat spans marked with ${duplicateMarker}, found ${marked.length}`);
  const counted = chat.filter((s) => !isDuplicate(s)).sort((a, b) => (a.startNanos < b.startNanos ? -1 : a.startNanos > b.startNanos ? 1 : 0));
  if (counted.length !== calls.length) problems.push(`expected ${calls.length} chat spans that count (without ${duplicateMarker}), found ${counted.length}`);
  counted.slice(0, calls.length).forEach((span, i) => {
    const call = calls[i];
    const want = {
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': call.requestModel,
      'gen_ai.response.model': call.responseModel,
      'gen_ai.usage.input_tokens': call.inputTokens,
      'gen_ai.usage.output_tokens': call.outputTokens,
      'gen_ai.agent.name': agentName,
    };
    for (const [key, value] of Object.entries(want)) {
      if (span.attributes[key] !== value) problems.push(`call ${i + 1} (${span.name}): ${key} is ${JSON.stringify(span.attributes[key])}, expected ${JSON.stringify(value)}`);
    }
    if (!near(span.attributes[COST], callCost(call, price))) problems.push(`call ${i + 1} (${span.name}): ${COST} is ${span.attributes[COST]}, expected ${callCost(call, price)}`);
  });

  const total = calls.reduce((sum, call) => sum + callCost(call, price), 0);
  const summed = spans.filter((s) => !isDuplicate(s)).reduce((sum, s) => sum + (typeof s.attributes[COST] === 'number' ? s.attributes[COST] : 0), 0);
  if (!near(summed, total)) problems.push(`the sum of ${COST} over the spans without ${duplicateMarker} is ${summed}, expected ${total} (the cost of ${calls.length} calls)`);

  if (agent) {
    const rollup = {
      'agent_otel.request.llm_call_count': calls.length,
      'agent_otel.request.input_tokens': calls.reduce((sum, c) => sum + c.inputTokens, 0),
      'agent_otel.request.output_tokens': calls.reduce((sum, c) => sum + c.outputTokens, 0),
    };
    for (const [key, value] of Object.entries(rollup)) {
      if (agent.attributes[key] !== value) problems.push(`roll-up: ${key} is ${JSON.stringify(agent.attributes[key])}, expected ${value}`);
    }
    if (agent.attributes['gen_ai.conversation.id'] !== report.conversationId) {
      problems.push(`the agent span's gen_ai.conversation.id is ${JSON.stringify(agent.attributes['gen_ai.conversation.id'])}, expected ${JSON.stringify(report.conversationId)}`);
    }
    if (!near(agent.attributes['agent_otel.request.cost.usd'], total))
      problems.push(`roll-up: agent_otel.request.cost.usd is ${agent.attributes['agent_otel.request.cost.usd']}, expected ${total}`);
  }

  const http = spans.filter((s) => s.kind === SPAN_KIND_CLIENT && String(s.attributes['url.full'] ?? '').startsWith(llmBaseUrl));
  const expectedHttp = scenario.httpClientSpans ? calls.length : 0;
  if (http.length !== expectedHttp) problems.push(`expected ${expectedHttp} HTTP client spans to ${llmBaseUrl}, found ${http.length}: ${JSON.stringify(http.map((s) => s.name))}`);
  return problems;
}

module.exports = { traceProblems, callCost };
