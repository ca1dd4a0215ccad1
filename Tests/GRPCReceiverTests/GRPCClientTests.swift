import ChildProcess
import GRPCReceiver
import Receivers
import Testing
import TestSupport
import TraceFormats
import TraceModel

/// A client nobody here wrote: the OpenTelemetry Python SDK's OTLP/gRPC exporters (grpcio), with
/// and without gzip, and its logging handler (`scripts/otlp-send.py --grpc`). Without the Python
/// environment this is skipped, except in CI (`CI` set), where it fails.
@Suite struct GRPCClientTests {
    @Test(.enabled(if: PythonEnv.enabled)) func pythonSDKExporters() async throws {
        let python = try #require(PythonEnv.python, "no Python environment: run scripts/test-env (CI must)")
        let reference = try SDKReference.spans(python: python)
        let sink = MemorySink()
        try await RunningGRPC.with(sink: sink) { r in
            let result = try await onThread {
                try ChildProcess.run(python, [Repo.path("scripts/otlp-send.py"), "--grpc", "http://127.0.0.1:\(r.port)"], timeout: 120)
            }
            #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")

            // Each span twice (plain, then gzip), every field as the SDK's own encoder wrote it.
            let traces = sink.batches.filter { $0.format == .otlpTracesProtobuf }
            #expect(traces.count == 6, "one export per span per run")
            let got = SDKReference.views(traces.flatMap { SpanView.of($0.set) })
            let expected = SDKReference.views(SpanView.of(reference)).flatMap { [$0, $0] }
            #expect(got == expected, "\(zip(got, expected).map { $0.differences($1) })")
            #expect(Set(got.map(\.name)) == ["GET /checkout", "SELECT shop.items", "render"])
            let root = try #require(got.first { $0.name == "GET /checkout" })
            #expect(root.service == "frontend" && root.span.traceID == SDKReference.traceID && root.span.kind == .server)
            #expect(root.details.attributes.contains(Attribute("unicode", .string("grüße ✓"))))
            #expect(root.details.events.map(\.name) == ["cache.miss", "retry"])
            let query = try #require(got.first { $0.name == "SELECT shop.items" })
            #expect(query.service == "backend" && query.span.status == .error && query.details.statusMessage == "connection reset")
            #expect(query.details.links.map(\.spanID) == [SpanID(0x00F0_67AA_0BA9_02B7)])

            // Logs through the logging handler and the gRPC log exporter, gzip-compressed.
            let logs = sink.batches.filter { $0.format == .otlpLogsProtobuf }.flatMap(\.set.logs)
            #expect(logs.map(\.body) == [.string("payment failed"), .string("user logged in")])
            let failed = try #require(logs.first)
            #expect(failed.severityNumber == 17 && failed.traceID == SDKReference.traceID && failed.spanID == SpanID(0x1001))
            #expect(failed.attributes.contains(Attribute("order.id", .int(1234))))
            let stats = r.receiver.stats
            #expect(stats.spans == 6 && stats.logRecords == 2 && stats.failedRequests == 0 && stats.requests == 8)
        }
    }
}
