import ChildProcess
import Foundation
import Testing
import TestSupport
import TraceFormats
import TraceModel

/// Bytes made by the real OpenTelemetry Python SDK and its own OTLP encoder (what its HTTP and
/// gRPC exporters send), decoded field by field; the same request in protobuf's JSON mapping
/// gives the same spans through the JSON decoder. The Python environment comes from
/// `scripts/test-env`; without it these tests are skipped, except in CI (`CI` set), where they fail.
@Suite(.enabled(if: PythonEnv.enabled)) struct OTLPProtoSDKTests {
    static let t0: Int64 = 1_700_000_000_000_000_000
    static let traceID = TraceID(high: 0x0AF7_6519_16CD_43DD, low: 0x8448_EB21_1C80_319C)
    static let remoteParent = SpanID(0x00F0_67AA_0BA9_02B7)

    struct Output {
        var dir: String
        var stdout: String
        func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(name)"))) }
    }

    /// Runs the script; `responses` are written first so the script parses them.
    static func run(responses: [(String, [UInt8])] = []) throws -> Output {
        let python = try #require(PythonEnv.python, "no Python environment: run scripts/test-env (CI must)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("otlp-sdk-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var paths: [String] = []
        for (name, bytes) in responses {
            let path = "\(dir)/\(name)"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let result = try ChildProcess.run(python, [Repo.path("scripts/otlp-sdk-requests.py"), dir] + paths,
                                          timeout: 60)
        #expect(result.status == 0, "\(result.stderrText)")
        return Output(dir: dir, stdout: result.stdoutText)
    }

    @Test func tracesFromTheSDK() throws {
        let out = try Self.run()
        let d = try OTLPProtobuf.decodeTraces(FileBytes(try out.bytes("traces.pb"), name: "traces.pb"))
        #expect(d.warnings.isEmpty && d.rejected == 0)
        let set = d.set
        #expect(set.spans.count == 3)
        let root = try #require(set.spans.first { $0.spanID == SpanID(0x1001) })
        let query = try #require(set.spans.first { $0.spanID == SpanID(0x1002) })
        let render = try #require(set.spans.first { $0.spanID == SpanID(0x1003) })
        #expect(set.spans.allSatisfy { $0.traceID == Self.traceID })

        #expect(set.name(root) == "GET /checkout" && set.service(root) == "frontend")
        #expect(root.parentID == Self.remoteParent && root.kind == .server && root.status == .unset)
        #expect(root.start == Self.t0 && root.duration == 20_000_000)
        #expect(root.eventCount == 2 && root.linkCount == 0 && root.flags.isEmpty)
        let rd = set.details(root)
        #expect(rd.attributes == [
            Attribute("http.method", .string("GET")), Attribute("http.status_code", .int(500)),
            Attribute("ratio", .double(0.25)), Attribute("cached", .bool(false)),
            Attribute("tags", .array([.string("a"), .string("b")])),
            Attribute("codes", .array([.int(1), .int(2), .int(3)])),
            Attribute("flags", .array([.bool(true), .bool(false)])),
            Attribute("weights", .array([.double(0.5), .double(1.5)])),
            Attribute("payload", .bytes([0x00, 0x01, 0xFE])),
            Attribute("nested", .keyValues([Attribute("k", .string("v")), Attribute("n", .int(7))])),
            Attribute("unicode", .string("grüße ✓")),
        ])
        #expect(rd.events == [
            SpanEvent(time: Self.t0 + 1_000_000, name: "cache.miss", attributes: [Attribute("cache.key", .string("item:42"))]),
            SpanEvent(time: Self.t0 + 2_000_000, name: "retry"),
        ])
        #expect(rd.traceState == "vendor=abc,other=x1")
        #expect(rd.scopeName == "web.handler" && rd.scopeVersion == "1.2.3" && rd.statusMessage.isEmpty)
        let frontend = try #require(set.resource(root.resource))
        #expect(frontend.host == "web-1")
        #expect(frontend.attributes.contains(Attribute("deployment.replicas", .int(3))))
        #expect(frontend.attributes.contains(Attribute("telemetry.sdk.language", .string("python"))))

        #expect(set.name(query) == "SELECT shop.items" && set.service(query) == "backend")
        #expect(query.parentID == root.spanID && query.kind == .client && query.status == .error && query.isError)
        #expect(query.start == Self.t0 + 3_000_000 && query.duration == 6_000_000 && query.linkCount == 1)
        let qd = set.details(query)
        #expect(qd.statusMessage == "connection reset" && qd.scopeName == "db.client" && qd.scopeVersion.isEmpty)
        #expect(qd.attributes == [Attribute("db.system", .string("postgresql"))])
        #expect(qd.links == [SpanLink(traceID: Self.traceID, spanID: Self.remoteParent, attributes: [Attribute("link.kind", .string("origin"))])])

        #expect(set.name(render) == "render" && render.kind == .internal && render.status == .ok)
        #expect(set.service(render) == "frontend" && set.details(render).scopeName == "web.handler")

        // The same message through protobuf's JSON mapping (base64 ids, enum names, int64 as
        // strings) and the JSON decoder: the same spans, details and resources.
        let json = try TraceLoader.decode(FileBytes(try out.bytes("traces.json"), name: "traces.json"))
        #expect(SpanView.of(json.set) == SpanView.of(set))
    }

    @Test func logsFromTheSDK() throws {
        let out = try Self.run()
        let d = try OTLPProtobuf.decodeLogs(FileBytes(try out.bytes("logs.pb"), name: "logs.pb"))
        #expect(d.warnings.isEmpty)
        let logs = d.set.logs
        #expect(logs.count == 2)
        let failed = try #require(logs.first { $0.severityText == "ERROR" })
        #expect(failed.time == Self.t0 + 500 && failed.severityNumber == 17 && failed.body == .string("payment failed"))
        #expect(failed.attributes == [Attribute("order.id", .int(1234)), Attribute("retry", .bool(true))])
        #expect(failed.traceID == Self.traceID && failed.spanID == SpanID(0x1001))
        #expect(d.set.resource(failed.resource)?.attributes.contains(Attribute("service.name", .string("frontend"))) == true)
        let login = try #require(logs.first { $0.severityText == "INFO" })
        // No time: the observed time stands in, as in the JSON decoder.
        #expect(login.time == Self.t0 + 700 && login.severityNumber == 9 && login.eventName == "user.login")
        #expect(login.body == .keyValues([Attribute("event", .string("login")), Attribute("user", .string("ada")),
                                          Attribute("scores", .array([.int(1), .int(2)]))]))
        #expect(login.traceID.isZero && login.spanID.isZero)
    }

    /// Our responses, parsed by the real protobuf classes.
    @Test func responsesParseWithTheRealClasses() throws {
        let out = try Self.run(responses: [
            ("trace-ok.pb", OTLPProtobuf.traceResponse()),
            ("trace-partial.pb", OTLPProtobuf.traceResponse(rejectedSpans: 5_000_000_000, errorMessage: "ids of the wrong length")),
            ("logs-partial.pb", OTLPProtobuf.logsResponse(rejectedLogRecords: 2, errorMessage: "")),
        ])
        let lines = out.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].contains(#""has_partial_success": false"#))
        #expect(lines[1].contains(#""partialSuccess": {"rejectedSpans": "5000000000", "errorMessage": "ids of the wrong length"}"#))
        #expect(lines[2].contains(#""partialSuccess": {"rejectedLogRecords": "2"}"#))
    }
}
