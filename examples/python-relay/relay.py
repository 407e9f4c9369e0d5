"""A Python HTTP service traced with the official OpenTelemetry Python SDK, to show one trace
crossing Node services traced by agent-otel and a service written in another language.

GET /relay continues the caller's trace: it extracts the W3C traceparent/tracestate and baggage
headers with the SDK's global propagator (tracecontext + baggage), records every baggage entry as
an attribute of its server span, calls DOWNSTREAM_URL/relay (when set) inside a client span with
the context injected, and answers with JSON: service, traceId, spanId, parentSpanId, baggage and
the downstream answer.

Standard library HTTP server and client only; configured by the standard OTEL_* variables
(OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_TRACES_EXPORTER=none to export nothing).
PORT picks the port (default 0: a free one). When ready it prints one line,
{"service": ..., "url": ...}, on stdout. SIGTERM flushes the spans and exits.
"""

import json
import os
import signal
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from opentelemetry import baggage, context, propagate, trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

SERVICE_NAME = os.environ.get("OTEL_SERVICE_NAME", "python-relay")
DOWNSTREAM_URL = os.environ.get("DOWNSTREAM_URL", "")

provider = TracerProvider(resource=Resource.create({"service.name": SERVICE_NAME}))
if os.environ.get("OTEL_TRACES_EXPORTER", "otlp") != "none":
    # OTLP/HTTP protobuf to OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces (default localhost:4318).
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
trace.set_tracer_provider(provider)
tracer = trace.get_tracer("agent-otel.examples.python-relay")


def incoming_carrier(headers):
    """The request headers with lower-case names; repeated header lines are joined with commas
    (RFC 7230 section 3.2.2), so two traceparent lines read as one invalid value."""
    carrier = {}
    for name, value in headers.items():
        key = name.lower()
        carrier[key] = f"{carrier[key]},{value}" if key in carrier else value
    return carrier


def call_downstream():
    url = DOWNSTREAM_URL.rstrip("/") + "/relay"
    attributes = {"http.request.method": "GET", "url.full": url}
    with tracer.start_as_current_span("GET", kind=trace.SpanKind.CLIENT, attributes=attributes) as span:
        headers = {}
        propagate.inject(headers)
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as res:
            span.set_attribute("http.response.status_code", res.status)
            return json.load(res)


class RelayHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.split("?")[0] != "/relay":
            return self.answer(404, {"error": "not found"})
        token = context.attach(propagate.extract(incoming_carrier(self.headers)))
        try:
            with tracer.start_as_current_span(
                "GET /relay",
                kind=trace.SpanKind.SERVER,
                attributes={"http.request.method": "GET", "url.path": "/relay"},
            ) as span:
                entries = {key: str(value) for key, value in baggage.get_all().items()}
                for key, value in entries.items():
                    span.set_attribute(key, value)
                downstream = call_downstream() if DOWNSTREAM_URL else None
                span_context = span.get_span_context()
                body = {
                    "service": SERVICE_NAME,
                    "traceId": format(span_context.trace_id, "032x"),
                    "spanId": format(span_context.span_id, "016x"),
                    "parentSpanId": format(span.parent.span_id, "016x") if span.parent else None,
                    "baggage": entries,
                    "downstream": downstream,
                }
        except Exception as error:  # the caller gets a 502, the span records the exception
            return self.answer(502, {"error": str(error)})
        finally:
            context.detach(token)
        self.answer(200, body)

    def answer(self, status, body):
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass  # no access log on stderr


def main():
    server = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "0"))), RelayHandler)
    server.daemon_threads = True
    # serve_forever() runs on this thread, so shutdown() must be called from another one.
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(json.dumps({"service": SERVICE_NAME, "url": f"http://127.0.0.1:{server.server_address[1]}"}), flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        provider.shutdown()


if __name__ == "__main__":
    main()
