'use strict';
/**
 * `npm run demo`: runs the two-service travel agent with agent-otel, sends it one question, and
 * prints the answer, the trace id, the Jaeger URL of the trace and the trace as a text tree read
 * back from Jaeger's query API.
 *
 * Jaeger: uses the one at OTEL_EXPORTER_OTLP_ENDPOINT (query API at JAEGER_QUERY_URL, default the
 * same host on port 16686) when given; otherwise builds (once) and starts a local Jaeger v2.
 * Flags: --keep   leave the services and Jaeger running until Ctrl-C.
 */
const { startJaeger } = require('./jaeger');
const { JaegerClient, renderTraceTree } = require('../packages/cli/dist/index.js');
const { startExample } = require('../examples/two-service-agent/dist/run-all.js');

const QUESTION = 'Can I fly from Berlin to Lisbon tomorrow, and what is the weather in Lisbon?';

async function main() {
  const keep = process.argv.includes('--keep');
  const stops = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  };
  try {
    const { otlpEndpoint, queryUrl } = await resolveJaeger(stops);
    const jaeger = new JaegerClient({ url: queryUrl });

    console.log('starting the example services (agent, tools, LLM stand-in) ...');
    // With OPENAI_BASE_URL (and OPENAI_API_KEY) set, the agent talks to that provider instead of the stand-in.
    const example = await startExample({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint }, llmBaseUrl: process.env.OPENAI_BASE_URL });
    stops.push(() => example.stop());

    const sessionId = `demo-${Date.now().toString(36)}`;
    console.log(`\nasking: ${QUESTION}`);
    const res = await fetch(`${example.agentUrl}/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', baggage: `session.id=${sessionId}` },
      body: JSON.stringify({ question: QUESTION }),
      signal: AbortSignal.timeout(30000),
    });
    const answer = await res.json();
    if (!res.ok) throw new Error(`the agent answered ${res.status}: ${JSON.stringify(answer)}`);
    console.log(`answer:  ${answer.answer}`);
    console.log(`session: ${sessionId}`);
    console.log(`trace:   ${answer.traceId}`);
    console.log(`jaeger:  ${jaeger.traceUrl(answer.traceId)}`);
    console.log(`api:     ${queryUrl}/api/v3/traces/${answer.traceId}`);

    // Stopping the services flushes their spans (SIGTERM handler of register()).
    if (!keep) {
      await example.stop();
      stops.pop();
    } else {
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
    const spans = await jaeger.waitForTrace(answer.traceId, { minSpans: 10, timeoutMillis: 20000 });
    if (spans.length === 0) throw new Error(`Jaeger has no spans for trace ${answer.traceId}`);
    console.log(`\n${spans.length} spans in Jaeger:\n`);
    console.log(renderTraceTree(spans));

    if (keep) {
      console.log('\nrunning; press Ctrl-C to stop');
      await new Promise((resolve) => process.once('SIGINT', resolve));
    }
  } finally {
    await stopAll();
  }
}

/** The Jaeger to use: the user's (checked for reachability, never waited on forever) or a local one. */
async function resolveJaeger(stops) {
  const given = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (given) {
    const queryUrl = process.env.JAEGER_QUERY_URL || withPort(given, 16686);
    try {
      const res = await fetch(`${queryUrl}/api/v3/services`, { signal: AbortSignal.timeout(3000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
    } catch (err) {
      throw new Error(
        `Jaeger's query API at ${queryUrl} is not reachable (${err.cause?.code || err.message}). ` +
          'Start Jaeger (docker compose up -d) or unset OTEL_EXPORTER_OTLP_ENDPOINT to let the demo start one.',
        { cause: err },
      );
    }
    console.log(`using Jaeger at ${given} (query API ${queryUrl})`);
    return { otlpEndpoint: given, queryUrl };
  }
  console.log('starting a local Jaeger v2 (the first run builds it, which takes a few minutes) ...');
  const jaeger = await startJaeger();
  stops.push(() => jaeger.stop());
  console.log(`Jaeger: OTLP ${jaeger.otlpHttpUrl}, query ${jaeger.queryUrl}`);
  return { otlpEndpoint: jaeger.otlpHttpUrl, queryUrl: jaeger.queryUrl };
}

function withPort(url, port) {
  const u = new URL(url);
  u.port = String(port);
  u.pathname = '';
  return u.toString().replace(/\/$/, '');
}

main().catch((err) => {
  console.error(`\ndemo failed: ${err.message}`);
  process.exitCode = 1;
});
