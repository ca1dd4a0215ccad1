import ChildProcess
import Foundation
import Receivers
import Testing
import TestSupport
import TraceFormats
import TraceModel

/// Clients nobody here wrote, sending to the receivers: the OpenTelemetry Python SDK's OTLP/HTTP
/// and Zipkin exporters and its logging handler (`scripts/otlp-send.py`), and curl. Without the
/// Python environment or curl these are skipped, except in CI (`CI` set), where they fail.
@Suite struct ReceiverClientTests {
    static let traceID = SDKReference.traceID
    static let t0 = SDKReference.t0

    static func python() throws -> String {
        try #require(PythonEnv.python, "no Python environment: run scripts/test-env (CI must)")
    }

    static func referenceSpans() throws -> TraceSet { try SDKReference.spans(python: try python()) }

    /// Spans of all batches of one format, as `SDKReference.views`.
    static func received(_ sink: MemorySink, _ format: ReceivedFormat) -> [SpanView] {
        SDKReference.views(sink.batches.filter { $0.format == format }.flatMap { SpanView.of($0.set) })
    }

    @Test(.enabled(if: PythonEnv.enabled)) func pythonSDKExporters() async throws {
        let python = try Self.python()
        let reference = try Self.referenceSpans()
        try await Running.with { r in
            let result = try await onThread {
                try ChildProcess.run(python, [Repo.path("scripts/otlp-send.py"), "--otlp", "http://127.0.0.1:\(r.otlp)",
                                              "--zipkin", "http://127.0.0.1:\(r.zipkin)"], timeout: 60)
            }
            #expect(result.status == 0, "\(result.stdoutText)\(result.stderrText)")

            // OTLP/HTTP protobuf: every field as the SDK's own encoder wrote it.
            let otlp = Self.received(r.sink, .otlpTracesProtobuf)
            let expected = SDKReference.views(SpanView.of(reference))
            #expect(otlp == expected, "\(zip(otlp, expected).map { $0.differences($1) })")
            #expect(otlp.map(\.name) == ["GET /checkout", "SELECT shop.items", "render"])
            #expect(otlp.map(\.service) == ["frontend", "backend", "frontend"])
            #expect(otlp.allSatisfy { $0.span.traceID == Self.traceID })
            #expect(otlp.map(\.span.parentID) == [SpanID(0x00F0_67AA_0BA9_02B7), SpanID(0x1001), SpanID(0x1001)])
            #expect(otlp.map(\.span.status) == [.unset, .error, .ok])
            #expect(otlp[0].details.attributes.contains(Attribute("nested", .keyValues([Attribute("k", .string("v")), Attribute("n", .int(7))]))))
            #expect(otlp[0].details.attributes.contains(Attribute("payload", .bytes([0x00, 0x01, 0xFE]))))
            #expect(otlp[0].details.events.map(\.name) == ["cache.miss", "retry"])
            #expect(otlp[1].details.links.map(\.spanID) == [SpanID(0x00F0_67AA_0BA9_02B7)])
            #expect(otlp[1].details.statusMessage == "connection reset")

            // Zipkin JSON: what Zipkin's model keeps (no links; attributes become string tags).
            let zipkin = Self.received(r.sink, .zipkinV2JSON)
            #expect(zipkin.map(\.name) == ["GET /checkout", "SELECT shop.items", "render"].map { $0.lowercased() } || zipkin.map(\.name) == ["GET /checkout", "SELECT shop.items", "render"])
            #expect(zipkin.map(\.service) == ["frontend", "backend", "frontend"])
            #expect(zipkin.map(\.span.parentID) == [SpanID(0x00F0_67AA_0BA9_02B7), SpanID(0x1001), SpanID(0x1001)])
            #expect(zipkin.map(\.span.kind) == [.server, .client, .internal] || zipkin.map(\.span.kind) == [.server, .client, .unspecified])
            #expect(zipkin[1].span.isError && !zipkin[0].span.isError)
            #expect(zipkin.map(\.span.start) == [Self.t0, Self.t0 + 3_000_000, Self.t0 + 10_000_000])
            #expect(zipkin.map(\.span.duration) == [20_000_000, 6_000_000, 1_000_000])
            #expect(zipkin[0].details.attributes.contains { $0.key == "http.method" })
            // The exporter writes an event as an annotation whose value is {"name": {attributes}}.
            #expect(zipkin[0].details.events.map(\.name) == [#"{"cache.miss": {"cache.key": "item:42"}}"#, #"{"retry": {}}"#])

            // Logs through the logging handler, gzip-compressed by the exporter.
            let logs = r.sink.batches.filter { $0.format == .otlpLogsProtobuf }.flatMap(\.set.logs)
            #expect(logs.count == 2)
            let failed = try #require(logs.first { $0.body == .string("payment failed") })
            #expect(failed.severityNumber == 17 && failed.traceID == Self.traceID && failed.spanID == SpanID(0x1001))
            #expect(failed.attributes.contains(Attribute("order.id", .int(1234))))
            let info = try #require(logs.first { $0.body == .string("user logged in") })
            #expect(info.severityNumber == 9 && info.traceID.isZero)
            #expect(r.server.stats.spans == 6 && r.server.stats.logRecords == 2 && r.server.stats.failedRequests == 0)
        }
    }

    static let curlEnabled = installedTool("curl") != nil || PythonEnv.inCI

    /// curl's answer: status code, then the body.
    static func curl(_ url: String, _ file: String, headers: [String]) throws -> (status: Int, body: String) {
        let curl = try #require(installedTool("curl"), "curl is not installed (CI must install it)")
        let args = ["-sS", "-w", "\n%{http_code}", "--data-binary", "@\(file)"] + headers.flatMap { ["-H", $0] } + [url]
        let result = try ChildProcess.run(curl, args, timeout: 30)
        let lines = result.stdoutText.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    @Test(.enabled(if: curlEnabled)) func curlWithJSONAndGzip() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("curl-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let json = Sample.otlpJSON(trace: 0xC0, count: 4, service: "curl-svc")
        try Data(json).write(to: URL(fileURLWithPath: "\(dir)/t.json"))
        try Data(try Sample.gzip(json)).write(to: URL(fileURLWithPath: "\(dir)/t.json.gz"))
        try Data(Sample.zipkinV2(trace: 0xC1, span: 1)).write(to: URL(fileURLWithPath: "\(dir)/z.json"))
        try await Running.with { r in
            let (plain, gzipped, zipkin, wrongType) = try await onThread {
                let url = "http://127.0.0.1:\(r.otlp)/v1/traces"
                return (try Self.curl(url, "\(dir)/t.json", headers: ["Content-Type: application/json"]),
                        try Self.curl(url, "\(dir)/t.json.gz", headers: ["Content-Type: application/json", "Content-Encoding: gzip"]),
                        try Self.curl("http://127.0.0.1:\(r.zipkin)/api/v2/spans", "\(dir)/z.json", headers: ["Content-Type: application/json"]),
                        try Self.curl(url, "\(dir)/t.json", headers: []))  // curl's default: form-urlencoded
            }
            #expect(plain.status == 200 && plain.body == "{}")
            #expect(gzipped.status == 200 && gzipped.body == "{}")
            #expect(zipkin.status == 202)
            #expect(wrongType.status == 415 && wrongType.body.contains("application/x-www-form-urlencoded"))
            let otlp = Self.received(r.sink, .otlpTracesJSON)
            #expect(otlp.count == 8 && otlp.allSatisfy { $0.service == "curl-svc" })
            #expect(r.sink.batches.filter { $0.format == .otlpTracesJSON }.allSatisfy { $0.body == json })
            #expect(Self.received(r.sink, .zipkinV2JSON).map(\.service) == ["zsvc"])
        }
    }
}
