"""Sends the known spans of sdk_spans.py and two log records to running receivers, through the
real OpenTelemetry Python SDK exporters, for the receivers' end-to-end tests.

    .build/py-venv/bin/python scripts/otlp-send.py --otlp http://127.0.0.1:4318 [--zipkin http://127.0.0.1:9411]
    .build/py-venv/bin/python scripts/otlp-send.py --grpc http://127.0.0.1:4317

With --otlp the spans go once through the OTLP/HTTP protobuf exporter and once (with --zipkin)
through the Zipkin JSON exporter; the log records go through the SDK's logging handler and the
OTLP/HTTP log exporter, gzip-compressed. With --grpc the spans go twice through the OTLP/gRPC
exporter, uncompressed then gzip-compressed, and the log records through the gRPC log exporter
with gzip. Prints one line per export and exits 1 if any was not accepted.
"""
import argparse
import logging
import sys
import warnings

import grpc
from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.grpc._log_exporter import OTLPLogExporter as GRPCLogExporter
from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter as GRPCSpanExporter
from opentelemetry.exporter.otlp.proto.http import Compression
from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.exporter.zipkin.json import ZipkinExporter
from opentelemetry.sdk._logs import LoggerProvider, LoggingHandler
from opentelemetry.sdk._logs.export import LogRecordExportResult, SimpleLogRecordProcessor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExportResult
from opentelemetry.trace import SpanContext, TraceFlags
from sdk_spans import TRACE_ID, emit_spans

failures = []


class Checked:
    """Wraps an exporter and records every export that did not succeed."""

    def __init__(self, label, inner, success):
        self.label, self.inner, self.success = label, inner, success

    def export(self, batch):
        result = self.inner.export(batch)
        print(f"{self.label}: {len(batch)} items: {result}")
        if result != self.success:
            failures.append(self.label)
        return result

    def shutdown(self):
        self.inner.shutdown()

    def force_flush(self, timeout_millis=30000):
        return True


def send_logs(label, exporter):
    provider = LoggerProvider(resource=Resource.create({"service.name": "frontend"}))
    provider.add_log_record_processor(SimpleLogRecordProcessor(
        Checked(label, exporter, LogRecordExportResult.SUCCESS)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the handler's deprecation notice
        handler = LoggingHandler(logger_provider=provider)
    log = logging.getLogger("app.logs")
    log.propagate = False
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    span = trace.NonRecordingSpan(SpanContext(TRACE_ID, 0x1001, is_remote=False, trace_flags=TraceFlags(1)))
    with trace.use_span(span):
        log.error("payment failed", extra={"order.id": 1234})
    log.info("user logged in")
    provider.shutdown()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--otlp")
    parser.add_argument("--zipkin")
    parser.add_argument("--grpc")
    args = parser.parse_args()
    logging.getLogger("opentelemetry").setLevel(logging.CRITICAL)

    def spans_to(label, make_exporter):
        emit_spans(lambda service: SimpleSpanProcessor(Checked(f"{label} {service}", make_exporter(), SpanExportResult.SUCCESS)))

    if args.otlp:
        spans_to("otlp", lambda: OTLPSpanExporter(endpoint=f"{args.otlp}/v1/traces"))
    if args.zipkin:
        spans_to("zipkin", lambda: ZipkinExporter(endpoint=f"{args.zipkin}/api/v2/spans"))
    if args.otlp:
        send_logs("otlp logs", OTLPLogExporter(endpoint=f"{args.otlp}/v1/logs", compression=Compression.Gzip))
    if args.grpc:
        spans_to("grpc", lambda: GRPCSpanExporter(endpoint=args.grpc, insecure=True))
        spans_to("grpc gzip", lambda: GRPCSpanExporter(endpoint=args.grpc, insecure=True, compression=grpc.Compression.Gzip))
        send_logs("grpc logs", GRPCLogExporter(endpoint=args.grpc, insecure=True, compression=grpc.Compression.Gzip))
    sys.exit(1 if failures else 0)


main()
