'use strict';
/**
 * Spans shaped like an inbound HTTP request of an agent service (a SERVER span as the http
 * instrumentation makes it, 11 attributes, no GenAI content): the other half of what a service
 * traced with register() ends, beside its LLM calls.
 */
const { SpanKind } = require('@opentelemetry/api');
const { createLlmSpanFactory } = require('./llm-span');

const ROUTES = ['/api/chat', '/api/orders/:id', '/api/refunds', '/api/session/:id/messages'];

/** Makes HTTP-server-shaped spans on `provider`; `next()` returns a started span, not yet ended. */
function createHttpSpanFactory(provider) {
  const tracer = provider.getTracer('@opentelemetry/instrumentation-http', '0.223.0');
  let n = 0;
  return {
    next() {
      const i = n++;
      const route = ROUTES[i % ROUTES.length];
      const span = tracer.startSpan(`POST ${route}`, {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': 'POST',
          'url.scheme': 'http',
          'url.path': route.replace(':id', String(1000 + (i % 500))),
          'http.route': route,
          'server.address': 'agent-service',
          'server.port': 8080,
          'client.address': '127.0.0.1',
          'network.protocol.version': '1.1',
          'user_agent.original': 'node-fetch/1.0',
        },
      });
      span.setAttribute('http.response.status_code', i % 50 === 0 ? 500 : 200);
      span.setAttribute('http.response.body.size', 512 + (i % 256));
      return span;
    },
  };
}

/** Span factories by the span type a scenario is given: LLM calls and inbound HTTP requests. */
const SPAN_FACTORIES = { llm: createLlmSpanFactory, http: createHttpSpanFactory };

module.exports = { SPAN_FACTORIES };
