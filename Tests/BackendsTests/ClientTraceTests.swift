import Synchronization
import Testing
import TraceModel
@testable import Backends

/// Trace by id on every API: the path and id form, the body through the file decoders, and
/// each backend's way of saying "not found".
@Suite struct ClientTraceTests {
    static let traceA = Array(Bodies.spans.prefix(3))
    static let idA = TraceID("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01")!

    static func expectTraceA(_ fetched: FetchedTrace) {
        #expect(fetched.traceID == idA)
        #expect(fetched.set.spans.count == 3)
        #expect(Set(fetched.set.spans.map(\.traceID)) == [idA])
        #expect(Set(fetched.set.spans.map { fetched.set.service($0) }) == ["frontend", "cart", "db"])
        #expect(fetched.set.spans.filter(\.isError).count == 1)
    }

    @Test func jaegerClassic() async throws {
        let t = ReplayTransport([("/api/traces/", .json(Bodies.jaegerEnvelope(Self.traceA)))])
        let fetched = try await BackendClient(api: .jaegerClassic, transport: t).trace(Self.idA)
        #expect(t.paths == ["/api/traces/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01"])
        Self.expectTraceA(fetched)
        #expect(fetched.bytes == Bodies.jaegerEnvelope(Self.traceA).utf8.count)
        #expect(fetched.warnings.isEmpty)
    }

    @Test func jaegerClassicNotFound() async {
        let t = ReplayTransport([("/api/traces/", .text(#"{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":404,"msg":"trace not found"}]}"#, status: 404))])
        await #expect(throws: BackendError(.notFound, "trace aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01 not found (http://localhost:16686/api/traces/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01)", status: 404)) {
            try await BackendClient(api: .jaegerClassic, transport: t).trace(Self.idA)
        }
    }

    @Test func jaegerV3() async throws {
        let t = ReplayTransport([("/api/v3/traces/", .json(#"{"result":"# + Bodies.otlp(Self.traceA) + "}"))])
        let fetched = try await BackendClient(api: .jaegerV3(summaries: true, classicSearch: false), transport: t, tenant: "x").trace(Self.idA)
        #expect(t.paths == ["/api/v3/traces/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01"])
        #expect(t.requests[0].headers.map(\.0) == ["x-tenant"])
        Self.expectTraceA(fetched)
        let missing = ReplayTransport([("/api/v3/traces/", .text(#"{"error":{"httpCode":404,"message":"trace not found"}}"#, status: 404))])
        await #expect(throws: BackendError.self) { try await BackendClient(api: .jaegerV3(summaries: true, classicSearch: false), transport: missing).trace(TraceID(high: 0, low: 0xabc)) }
        #expect(missing.paths == ["/api/v3/traces/00000000000000000000000000000abc"])
    }

    @Test func jaegerV3UnsetTimesBeyondInt64AreClampedNotFatal() async throws {
        // v1.55 wrote an unset start as this fixed64 value.
        let body = (#"{"result":"# + Bodies.otlp(Self.traceA) + "}")
            .replacingOccurrences(of: #""startTimeUnixNano":"\#(Bodies.t0 * 1000)""#, with: #""startTimeUnixNano":"11651379494838206464""#)
        let t = ReplayTransport([("/api/v3/traces/", .json(body))])
        let fetched = try await BackendClient(api: .jaegerV3(summaries: true, classicSearch: false), transport: t).trace(Self.idA)
        #expect(fetched.set.spans.count == 3)
        #expect(fetched.set.spans.filter { $0.flags.contains(.timeClamped) }.count == 1)
        #expect(fetched.warnings.contains { $0.contains("impossible times") })
    }

    @Test func jaegerV3SpanWarningsBecomeWarnings() async throws {
        let warned = #"{"key":"@jaeger@warnings","value":{"arrayValue":{"values":[{"stringValue":"trace has more than 2 spans,\n showing first 2 spans only"}]}}}"#
        var body = #"{"result":"# + Bodies.otlp(Self.traceA) + "}"
        body = body.replacingOccurrences(of: #""name":"load""#, with: #""attributes":[\#(warned)],"name":"load""#)
        body = body.replacingOccurrences(of: #""name":"SELECT""#, with: #""attributes":[{"key":"a@b","value":{"stringValue":"@"}},\#(warned)],"name":"SELECT""#)
        let t = ReplayTransport([("/api/v3/traces/", .json(body))])
        let fetched = try await BackendClient(api: .jaegerV3(summaries: true, classicSearch: false), transport: t).trace(Self.idA)
        #expect(fetched.warnings == ["Jaeger warns about 2 spans: trace has more than 2 spans, showing first 2 spans only"])
        // Other APIs never look for it.
        let classic = ReplayTransport([("/api/traces/", .json(Bodies.jaegerEnvelope(Self.traceA)))])
        #expect(try await BackendClient(api: .jaegerClassic, transport: classic).trace(Self.idA).warnings.isEmpty)
    }

    @Test func zipkinUsesLowerHexOfTheStoredWidth() async throws {
        let short = TestSpan(trace: "00000000000000000123456789abcdef", id: "0000000000000001", parent: nil, service: "svc", name: "op", start: Bodies.t0, duration: 10)
        let t = ReplayTransport([("/api/v2/trace/", .json(Bodies.zipkin([short])))], displayURL: "http://localhost:9411")
        let id = TraceID("0123456789ABCDEF")!
        let fetched = try await BackendClient(api: .zipkinV2, transport: t).trace(id)
        #expect(t.paths == ["/api/v2/trace/0123456789abcdef"])
        #expect(fetched.set.spans.count == 1)
        let wide = ReplayTransport([("/api/v2/trace/", .json(Bodies.zipkin(Self.traceA)))])
        Self.expectTraceA(try await BackendClient(api: .zipkinV2, transport: wide).trace(Self.idA))
        #expect(wide.paths == ["/api/v2/trace/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01"])
        let missing = ReplayTransport([("/api/v2/trace/", .text("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01 not found", status: 404))])
        await #expect(throws: BackendError.self) { try await BackendClient(api: .zipkinV2, transport: missing).trace(Self.idA) }
    }

    @Test func tempoV2() async throws {
        let body = #"{"trace":"# + Bodies.otlp(Self.traceA, base64IDs: true) + #","metrics":{"inspectedBytes":"100"}}"#
        let t = ReplayTransport([("/api/v2/traces/", .json(body))], displayURL: "http://localhost:3200")
        let id = TraceID("0000000000000000000000000000abcd")!
        // Tempo wants all 32 digits (it pads short ids itself, but a padded form is never wrong).
        _ = try? await BackendClient(api: .tempo(v2Traces: true), transport: t).trace(id)
        #expect(t.paths == ["/api/v2/traces/0000000000000000000000000000abcd"])
        Self.expectTraceA(try await BackendClient(api: .tempo(v2Traces: true), transport: t).trace(Self.idA))
    }

    @Test func tempoV2EmptyTraceIsNotFoundAndPartialIsAWarning() async throws {
        for empty in [#"{"trace":{},"metrics":{}}"#, #"{"metrics":{"inspectedBytes":"0"}}"#, "{}"] {
            let t = ReplayTransport([("/api/v2/traces/", .json(empty))], displayURL: "http://localhost:3200")
            let error = await #expect(throws: BackendError.self, "\(empty)") { try await BackendClient(api: .tempo(v2Traces: true), transport: t).trace(Self.idA) }
            #expect(error == BackendError(.notFound, "trace aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01 not found (http://localhost:3200/api/v2/traces/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01)", status: 200))
        }
        let partial = #"{"trace":"# + Bodies.otlp(Self.traceA, base64IDs: true) + #","metrics":{},"status":"PARTIAL","message":"Trace exceeds maximum size of 100 bytes, a partial trace is returned"}"#
        let t = ReplayTransport([("/api/v2/traces/", .json(partial))])
        let fetched = try await BackendClient(api: .tempo(v2Traces: true), transport: t).trace(Self.idA)
        #expect(fetched.warnings == ["partial trace: Trace exceeds maximum size of 100 bytes, a partial trace is returned"])
    }

    @Test func tempoV1() async throws {
        let batches = Bodies.otlp(Self.traceA, base64IDs: true).replacingOccurrences(of: "resourceSpans", with: "batches")
        let t = ReplayTransport([("/api/traces/", .json(batches))], displayURL: "http://localhost:3200")
        Self.expectTraceA(try await BackendClient(api: .tempo(v2Traces: false), transport: t).trace(Self.idA))
        #expect(t.paths == ["/api/traces/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01"])

        let missing = ReplayTransport([("/api/traces/", .empty(404))])
        await #expect(throws: BackendError.self) { try await BackendClient(api: .tempo(v2Traces: false), transport: missing).trace(Self.idA) }
        let big = ReplayTransport([("/api/traces/", .text("trace exceeds max size (max bytes: 5000000)", status: 422))], displayURL: "http://t:3200")
        await #expect(throws: BackendError(.badResponse, "http://t:3200/api/traces/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01: trace too large for Tempo: trace exceeds max size (max bytes: 5000000)", status: 422)) {
            try await BackendClient(api: .tempo(v2Traces: false), transport: big).trace(Self.idA)
        }
    }

    @Test func progressReachesTheTransport() async throws {
        let t = ReplayTransport([("/api/traces/", .json(Bodies.jaegerEnvelope(Self.traceA)))])
        let seen = Mutex<[Int]>([])
        _ = try await BackendClient(api: .jaegerClassic, transport: t).trace(Self.idA) { received, _ in seen.withLock { $0.append(received) } }
        #expect(seen.withLock { $0 } == [Bodies.jaegerEnvelope(Self.traceA).utf8.count])
    }
}
