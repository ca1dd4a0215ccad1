"""Writes OTLP protobuf requests made by the real OpenTelemetry Python SDK and its own OTLP
encoder (the one its HTTP and gRPC exporters send), for the protobuf decoder's tests.

    .build/py-venv/bin/python scripts/otlp-sdk-requests.py OUT_DIR [RESPONSE_FILE...]

Writes OUT_DIR/traces.pb (ExportTraceServiceRequest), OUT_DIR/traces.json (the same message in
protobuf's JSON mapping: base64 ids, enum names, int64 as strings) and OUT_DIR/logs.pb
(ExportLogsServiceRequest). Each RESPONSE_FILE is parsed as an ExportTraceServiceResponse (or
ExportLogsServiceResponse when its name contains "logs") and printed as one JSON line, so the
tests can check our response encoder against the real classes.

Ids come from a counting generator and times are explicit, so the output is the same on every
run; the Swift test knows the values below.
"""
import json
import logging
import sys

from google.protobuf import json_format
from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.common._internal._log_encoder import encode_logs
from opentelemetry.exporter.otlp.proto.common._internal.trace_encoder import encode_spans
from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceResponse
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceResponse
from opentelemetry.sdk._logs import LoggerProvider
from opentelemetry.sdk._logs.export import InMemoryLogRecordExporter, SimpleLogRecordProcessor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
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


def traces():
    exporter = InMemorySpanExporter()
    ids = Counting()
    frontend = TracerProvider(
        resource=Resource.create({"service.name": "frontend", "host.name": "web-1", "deployment.replicas": 3}),
        id_generator=ids)
    backend = TracerProvider(resource=Resource.create({"service.name": "backend"}), id_generator=ids)
    for p in (frontend, backend):
        p.add_span_processor(SimpleSpanProcessor(exporter))
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
    return encode_spans(exporter.get_finished_spans())


def logs():
    exporter = InMemoryLogRecordExporter()
    provider = LoggerProvider(resource=Resource.create({"service.name": "frontend"}))
    provider.add_log_record_processor(SimpleLogRecordProcessor(exporter))
    logger = provider.get_logger("app.logs", "0.1")
    span_ctx = SpanContext(TRACE_ID, 0x1001, is_remote=False, trace_flags=TraceFlags(1))
    ctx = trace.set_span_in_context(trace.NonRecordingSpan(span_ctx))
    from opentelemetry._logs import SeverityNumber
    logger.emit(timestamp=T0 + 500, context=ctx, severity_number=SeverityNumber.ERROR, severity_text="ERROR",
                body="payment failed", attributes={"order.id": 1234, "retry": True})
    logger.emit(observed_timestamp=T0 + 700, severity_number=SeverityNumber.INFO, severity_text="INFO",
                body={"event": "login", "user": "ada", "scores": [1, 2]}, event_name="user.login")
    return encode_logs(exporter.get_finished_logs())


def main():
    logging.disable(logging.WARNING)
    out = sys.argv[1]
    request = traces()
    with open(f"{out}/traces.pb", "wb") as f:
        f.write(request.SerializeToString())
    with open(f"{out}/traces.json", "w") as f:
        f.write(json_format.MessageToJson(request))
    with open(f"{out}/logs.pb", "wb") as f:
        f.write(logs().SerializeToString())
    for path in sys.argv[2:]:
        message = ExportLogsServiceResponse() if "logs" in path else ExportTraceServiceResponse()
        with open(path, "rb") as f:
            message.ParseFromString(f.read())
        print(json.dumps({"file": path, "has_partial_success": message.HasField("partial_success"),
                          "message": json_format.MessageToDict(message)}))


main()
