"""The known spans of the SDK tests, made with the real OpenTelemetry Python SDK: imported by
otlp-sdk-requests.py (bytes for the decoder tests) and otlp-send.py (sent to the receivers).
Ids come from a counting generator and times are explicit, so the spans are the same on every
run; the Swift tests know the values below.
"""
from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.id_generator import IdGenerator
from opentelemetry.trace import Link, SpanContext, SpanKind, Status, StatusCode, TraceFlags, TraceState

T0 = 1_700_000_000_000_000_000  # ns
TRACE_ID = 0x0AF7651916CD43DD8448EB211C80319C


class Counting(IdGenerator):
    def __init__(self):
        self.n = 0

    def generate_span_id(self):
        self.n += 1
        return 0x1000 + self.n

    def generate_trace_id(self):
        return TRACE_ID


def emit_spans(processor_for):
    """Makes the spans of two services; `processor_for(service)` gives each provider's span processor."""
    ids = Counting()
    frontend = TracerProvider(
        resource=Resource.create({"service.name": "frontend", "host.name": "web-1", "deployment.replicas": 3}),
        id_generator=ids)
    backend = TracerProvider(resource=Resource.create({"service.name": "backend"}), id_generator=ids)
    frontend.add_span_processor(processor_for("frontend"))
    backend.add_span_processor(processor_for("backend"))
    web = frontend.get_tracer("web.handler", "1.2.3")
    db = backend.get_tracer("db.client")

    # The request arrives with a remote parent that carries trace state.
    remote = SpanContext(TRACE_ID, 0x00F067AA0BA902B7, is_remote=True, trace_flags=TraceFlags(1),
                         trace_state=TraceState([("vendor", "abc"), ("other", "x1")]))
    parent = trace.set_span_in_context(trace.NonRecordingSpan(remote))
    root = web.start_span("GET /checkout", context=parent, kind=SpanKind.SERVER, start_time=T0, attributes={
        "http.method": "GET", "http.status_code": 500, "ratio": 0.25, "cached": False,
        "tags": ["a", "b"], "codes": [1, 2, 3], "flags": [True, False], "weights": [0.5, 1.5],
        "payload": b"\x00\x01\xfe", "nested": {"k": "v", "n": 7}, "unicode": "grüße ✓",
    })
    root.add_event("cache.miss", {"cache.key": "item:42"}, timestamp=T0 + 1_000_000)
    root.add_event("retry", timestamp=T0 + 2_000_000)
    ctx = trace.set_span_in_context(root)
    child = db.start_span("SELECT shop.items", context=ctx, kind=SpanKind.CLIENT, start_time=T0 + 3_000_000,
                          links=[Link(remote, {"link.kind": "origin"})], attributes={"db.system": "postgresql"})
    child.set_status(Status(StatusCode.ERROR, "connection reset"))
    child.end(end_time=T0 + 9_000_000)
    internal = web.start_span("render", context=ctx, start_time=T0 + 10_000_000)
    internal.set_status(Status(StatusCode.OK))
    internal.end(end_time=T0 + 11_000_000)
    root.end(end_time=T0 + 20_000_000)
    for p in (frontend, backend):
        p.shutdown()
