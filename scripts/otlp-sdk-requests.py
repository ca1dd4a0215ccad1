"""Writes OTLP protobuf requests made by the real OpenTelemetry Python SDK and its own OTLP
encoder (the one its HTTP and gRPC exporters send), for the protobuf decoder's tests.

    .build/py-venv/bin/python scripts/otlp-sdk-requests.py OUT_DIR [RESPONSE_FILE...]

Writes OUT_DIR/traces.pb (ExportTraceServiceRequest), OUT_DIR/traces.json (the same message in
protobuf's JSON mapping: base64 ids, enum names, int64 as strings) and OUT_DIR/logs.pb
(ExportLogsServiceRequest). Each RESPONSE_FILE is parsed as an ExportTraceServiceResponse (or
ExportLogsServiceResponse when its name contains "logs") and printed as one JSON line, so the
tests can check our response encoder against the real classes.

The spans are those of sdk_spans.py (the same on every run).
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
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanContext, TraceFlags
from sdk_spans import TRACE_ID, T0, emit_spans

def traces():
    exporter = InMemorySpanExporter()
    emit_spans(lambda service: SimpleSpanProcessor(exporter))
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
