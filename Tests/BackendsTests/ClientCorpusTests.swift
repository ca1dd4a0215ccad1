import Testing
import TestSupport
import TraceModel
@testable import Backends

/// The client against real recorded responses (corpus backend-responses/; skipped without it).
@Suite(.enabled(if: Corpus.present)) struct ClientCorpusTests {
    static let cassettes = "jaeger/traceloop+opentelemetry-mcp-server/tests/integration/cassettes/test_jaeger_integration/"
    static let tempoCassettes = "tempo/traceloop+opentelemetry-mcp-server/tests/integration/cassettes/test_tempo_integration/"
    static let apiV3 = "jaeger/jaegertracing+jaeger/cmd/jaeger/internal/extension/jaegerquery/internal/apiv3/snapshots/"
    static let kiali = "tempo/kiali+kiali/tracing/tracingtest/"

    /// Routes answering each recorded URI's path and query.
    static func routes(_ interactions: [Recorded.Interaction]) -> [(String, ReplayTransport.Reply)] {
        interactions.map { i in
            let afterScheme = i.uri.split(separator: "://", maxSplits: 1).last ?? ""
            let path = afterScheme.firstIndex(of: "/").map { String(afterScheme[$0...]) } ?? "/"
            return (path, i.reply)
        }
    }

    @Test func cassetteBodiesMatchTheirLength() throws {
        let recorded = try #require(Recorded.cassette(Self.cassettes + "TestJaegerGetTrace.test_get_trace_invalid_id.yaml"))
        #expect(recorded.count == 1)
        #expect(recorded[0].body.count == 93 && recorded[0].status == 404 && recorded[0].contentType == "text/plain; charset=utf-8")
    }

    @Test func jaegerNames() async throws {
        let list = try #require(Recorded.cassette(Self.cassettes + "TestJaegerServiceOperations.test_get_service_operations.yaml"))
        let t = ReplayTransport(Self.routes(list))
        let client = BackendClient(api: .jaegerClassic, transport: t)
        let services = try await client.services()
        #expect(services == services.sorted() && services.contains("trace-analyzer-agent") && services.count == 4)
        let ops = try await client.operations(service: "trace-analyzer-agent")
        #expect(ops == ops.sorted() && ops.contains("openai.chat"))
    }

    @Test func jaegerSearchAndTrace() async throws {
        let search = try #require(Recorded.cassette(Self.cassettes + "TestJaegerSearchTraces.test_search_traces_with_limit.yaml"))
        let traces = try #require(search.first { $0.uri.contains("/api/traces?") })
        let t = ReplayTransport([("/api/traces", traces.reply)])
        let result = try await BackendClient(api: .jaegerClassic, transport: t).search(SearchQuery(service: "jaeger", limit: 5), now: 1_763_000_000_000_000_000)
        #expect(result.summaries.count == 5)
        #expect(result.summaries.allSatisfy { $0.spanCount == 1 && $0.rootService == "jaeger" })
        #expect(result.summaries.contains { $0.errorCount == 1 })
        #expect(zip(result.summaries, result.summaries.dropFirst()).allSatisfy { $0.start >= $1.start })

        let byID = try #require(Recorded.cassette(Self.cassettes + "TestJaegerGetTrace.test_get_trace_by_id.yaml"))
        let get = ReplayTransport(Self.routes(byID))
        let id = TraceID("0a133b2ffa5d05faf89fe1f489cb020e")!
        let fetched = try await BackendClient(api: .jaegerClassic, transport: get).trace(id)
        #expect(fetched.set.spans.count >= 1 && fetched.set.spans.allSatisfy { $0.traceID == id })

        let missing = try #require(Recorded.cassette(Self.cassettes + "TestJaegerGetTrace.test_get_trace_invalid_id.yaml"))
        let none = ReplayTransport(Self.routes(missing))
        await #expect(throws: BackendError.self) { try await BackendClient(api: .jaegerClassic, transport: none).trace(TraceID(high: 0, low: 1)) }
    }

    @Test func jaegerApiV3Snapshots() async throws {
        let t = ReplayTransport([
            ("/api/v3/services", .bytes(try #require(Recorded.file(Self.apiV3 + "GetServices.json")))),
            ("/api/v3/operations", .bytes(try #require(Recorded.file(Self.apiV3 + "GetOperations.json")))),
            ("/api/v3/trace-summaries", .bytes(try #require(Recorded.file(Self.apiV3 + "FindTraceSummaries.json")))),
            ("/api/v3/traces/", .bytes(try #require(Recorded.file(Self.apiV3 + "GetTrace.json")))),
            ("/api/v3/traces?", .bytes(try #require(Recorded.file(Self.apiV3 + "FindTraces.json")))),
        ])
        let client = BackendClient(api: .jaegerV3(summaries: true, classicSearch: false), transport: t)
        #expect(try await client.services() == ["foo"])
        #expect(try await client.operations(service: "foo").isEmpty == false)
        let summaries = try await client.search(SearchQuery(service: "foo"), now: 1_796_119_200_000_000_000)
        #expect(summaries.summaries.count >= 1 && summaries.summaries.allSatisfy { !$0.traceID.isZero })
        let full = BackendClient(api: .jaegerV3(summaries: false, classicSearch: false), transport: t)
        let found = try await full.search(SearchQuery(service: "foo"), now: 1_796_119_200_000_000_000)
        #expect(found.summaries.count == 1 && found.traces.spans.count >= 1)
        let id = found.summaries[0].traceID
        #expect(try await client.trace(id).set.spans.count == found.traces.spans.count)

        // v1.55: `"parentSpanId": ""` and a start time beyond Int64.
        let old = ReplayTransport([("/api/v3/traces/", .bytes(try #require(Recorded.file("jaeger/jaegertracing+jaeger@v1.55.0/cmd/query/app/apiv3/snapshots/GetTrace.json"))))])
        let oldTrace = try await BackendClient(api: .jaegerV3(summaries: false, classicSearch: false), transport: old).trace(TraceID("000000000000009600000000000000a0")!)
        #expect(oldTrace.set.spans.count >= 1)
    }

    @Test func tempoSearchesFromKialiAndTraceloop() async throws {
        let plain = ReplayTransport([("/api/search", .bytes(try #require(Recorded.file(Self.kiali + "response.json"))))])
        let tempo = BackendClient(api: .tempo(v2Traces: true), transport: plain)
        let result = try await tempo.search(SearchQuery(limit: 100), now: 1_796_119_200_000_000_000)
        #expect(result.summaries.count >= 1 && result.summaries.allSatisfy { $0.traceID.hex32.count == 32 && $0.start > 0 })

        let ambient = ReplayTransport([("/api/search", .bytes(try #require(Recorded.file(Self.kiali + "responseAmbient.json"))))])
        let a = try await BackendClient(api: .tempo(v2Traces: true), transport: ambient).search(SearchQuery(limit: 100), now: 1_796_119_200_000_000_000)
        #expect(a.summaries.contains { $0.traceID.hex == "02e299711ce47710289dc6640727404f" })
        #expect(a.warnings == ["partial result: Tempo completed 1 of 2 search jobs"])
        #expect(a.summaries.contains { ($0.spanCount ?? 0) > 0 })

        let ops = try #require(Recorded.cassette(Self.tempoCassettes + "TestTempoServiceOperations.test_get_service_operations.yaml"))
        let empty = try #require(ops.last)
        let e = try await BackendClient(api: .tempo(v2Traces: true), transport: ReplayTransport([("/api/search", empty.reply)])).search(SearchQuery(service: "x"), now: 1_796_119_200_000_000_000)
        #expect(e.summaries.isEmpty && e.warnings.isEmpty)
        let seven = try await BackendClient(api: .tempo(v2Traces: true), transport: ReplayTransport([("/api/search", ops[0].reply)])).search(SearchQuery(limit: 1000), now: 1_796_119_200_000_000_000)
        #expect(seven.summaries.count == 7)
    }

    @Test func tempoV1TraceAndNotFound() async throws {
        let body = try #require(Recorded.file(Self.kiali + "responseTrace.json"))
        let t = ReplayTransport([("/api/traces/", .bytes(body))])
        // The recorded trace's id, read from the first base64 id of the file.
        let fetched = try await BackendClient(api: .tempo(v2Traces: false), transport: t).trace(TraceID(high: 0, low: 1))
        #expect(fetched.set.spans.count == 8)
        #expect(Set(fetched.set.spans.map { fetched.set.service($0) }).count > 1)

        let missing = try #require(Recorded.cassette(Self.tempoCassettes + "TestTempoGetTrace.test_get_trace_invalid_id.yaml"))
        let none = ReplayTransport(Self.routes(missing))
        let error = await #expect(throws: BackendError.self) { try await BackendClient(api: .tempo(v2Traces: false), transport: none).trace(TraceID(high: 0, low: 0)) }
        #expect(error?.kind == .notFound)
    }

    @Test func zipkinLensTraces() async throws {
        let yelp = try #require(Recorded.file("zipkin/openzipkin+zipkin/zipkin-lens/testdata/yelp.json"))
        let t = ReplayTransport([("/api/v2/trace/", .bytes(yelp)), ("/api/v2/traces", .bytes(Array("[".utf8) + yelp + Array("]".utf8)))])
        let client = BackendClient(api: .zipkinV2, transport: t)
        let result = try await client.search(SearchQuery(service: "unknown"), now: 1_796_119_200_000_000_000)
        #expect(result.summaries.count == 1)
        let id = result.summaries[0].traceID
        #expect(result.summaries[0].spanCount == result.traces.spans.count)
        let fetched = try await client.trace(id)
        #expect(fetched.set.spans.count == result.traces.spans.count)
        #expect(t.paths.last == "/api/v2/trace/" + id.hex)
    }
}
