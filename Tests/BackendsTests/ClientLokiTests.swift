import Testing
import TraceModel
@testable import Backends

/// Loki `query_range` for one trace: the LogQL request, and the streams read line by line.
@Suite struct ClientLokiTests {
    static let id = TraceID("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01")!
    static let t0 = Bodies.t0 * 1000

    static func body(_ streams: [(labels: String, values: [(Int64, String)])]) -> String {
        let result = streams.map { s in
            let values = s.values.map { v in "[\"\(v.0)\",\(jsonString(v.1))]" }.joined(separator: ",")
            return #"{"stream":\#(s.labels),"values":[\#(values)]}"#
        }
        return #"{"status":"success","data":{"resultType":"streams","result":[\#(result.joined(separator: ","))],"stats":{"summary":{"bytesProcessedPerSecond":1}}}}"#
    }

    static func jsonString(_ s: String) -> String {
        var out: [UInt8] = []
        JSONText.quote(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func requestsTheTraceIDWithinTheRange() async throws {
        let t = ReplayTransport([("/loki/api/v1/query_range", .json(Self.body([])))], displayURL: "http://loki:3100")
        let loki = LokiClient(transport: t, selector: #" {app="shop"} "#, tenant: "t1")
        let (records, warnings) = try await loki.logs(traceID: Self.id, start: Self.t0, end: Self.t0 + 5_000_000, limit: 100)
        #expect(records.isEmpty && warnings.isEmpty)
        #expect(t.query("/loki/api/v1/query_range") == ["query": #"{app="shop"} |= "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01""#,
                                                       "start": String(Self.t0), "end": String(Self.t0 + 5_000_001), "limit": "100", "direction": "forward"])
        #expect(t.requests[0].headers.map(\.0) == ["X-Scope-OrgID"])
    }

    @Test func linesThroughTheLogDecoders() async throws {
        let json = #"{"ts":"2026-12-01T10:00:00.002Z","level":"error","msg":"cart failed","trace_id":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01","span_id":"00000000000000a2"}"#
        let logfmt = #"level=info msg="loaded cart" trace_id=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01 span_id=00000000000000a3"#
        let plain = "GET /cart 500 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01"
        let body = Self.body([
            (#"{"app":"shop","pod":"cart-1"}"#, [(Self.t0 + 1_000_000, logfmt), (Self.t0 + 9_000_000, json)]),
            (#"{"app":"edge"}"#, [(Self.t0 + 500_000, plain)]),
        ])
        let t = ReplayTransport([("/loki/api/v1/query_range", .json(body))])
        let (records, warnings) = try await LokiClient(transport: t, selector: "{app=~\".+\"}").logs(traceID: Self.id, start: Self.t0, end: Self.t0 + 10_000_000)
        #expect(warnings.isEmpty)
        #expect(records.count == 3)
        // Oldest first; the JSON line keeps its own time, the others take Loki's.
        #expect(records.map(\.time) == [Self.t0 + 500_000, Self.t0 + 1_000_000, Self.t0 + 2_000_000])
        #expect(records[0].body == .string(plain) && records[0].traceID == Self.id && records[0].spanID == .zero)
        #expect(records[0].attributes.contains(Attribute("app", .string("edge"))))
        #expect(records[1].body == .string("loaded cart") && records[1].spanID == SpanID("00000000000000a3"))
        #expect(records[1].attributes.contains(Attribute("pod", .string("cart-1"))))
        #expect(records[2].body == .string("cart failed") && records[2].spanID == SpanID("00000000000000a2") && records[2].severityText.lowercased() == "error")
    }

    @Test func oddEntriesAndTheLimitAreWarnings() async throws {
        let body = #"{"status":"success","data":{"resultType":"streams","result":[{"stream":{},"values":[["1","a"],["x"],["2","b",{"structuredMetadata":{"k":"v"}}]]}]}}"#
        let t = ReplayTransport([("/loki/api/v1/query_range", .json(body))])
        let (records, warnings) = try await LokiClient(transport: t, selector: "{a=\"b\"}").logs(traceID: Self.id, start: 0, end: 10, limit: 2)
        #expect(records.map(\.time) == [1, 2])
        #expect(warnings == ["Loki: 1 entry was not [time, line] pairs; skipped", "Loki: the first 2 lines only (the limit)"])
    }

    @Test func errorsArePlainTextOrWrongResults() async {
        let bad = ReplayTransport([("/", .text(#"parse error at line 1, col 1: syntax error: unexpected IDENTIFIER"#, status: 400))], displayURL: "http://loki:3100")
        await #expect(throws: BackendError(.badRequest, "http://loki:3100/loki/api/v1/query_range: 400 parse error at line 1, col 1: syntax error: unexpected IDENTIFIER", status: 400)) {
            try await LokiClient(transport: bad, selector: "{app}").logs(traceID: Self.id, start: 0, end: 1)
        }
        // Not a selector at all: said before asking.
        let none = ReplayTransport([])
        await #expect(throws: BackendError(.badRequest, #"Loki needs a stream selector such as {app="shop"} (got "app")"#)) {
            try await LokiClient(transport: none, selector: "app").logs(traceID: Self.id, start: 0, end: 1)
        }
        #expect(none.paths.isEmpty)
        let matrix = ReplayTransport([("/", .json(#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#))], displayURL: "http://loki:3100")
        await #expect(throws: BackendError(.badResponse, "http://loki:3100/loki/api/v1/query_range: Loki returned matrix, not log lines (is the selector a log query?)")) {
            try await LokiClient(transport: matrix, selector: "{a=\"b\"}").logs(traceID: Self.id, start: 0, end: 1)
        }
        let html = ReplayTransport([("/", .html("<html>login</html>"))])
        let error = await #expect(throws: BackendError.self) { try await LokiClient(transport: html, selector: "{}").logs(traceID: Self.id, start: 0, end: 1) }
        #expect(error?.kind == .badResponse && error?.message.contains("an HTML page") == true)
    }
}
