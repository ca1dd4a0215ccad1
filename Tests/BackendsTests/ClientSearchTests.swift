import Testing
import TraceModel
@testable import Backends

/// Each API's search request (paths, parameter names, units) and how its answer becomes
/// summaries, from generated bodies.
@Suite struct ClientSearchTests {
    static let nowNs = Bodies.t0 * 1000 + 30_000_000_000
    static let hourNs: Int64 = 3_600_000_000_000
    /// service, operation, a tag, both durations, one hour before now.
    static let query = SearchQuery(service: "Frontend", operation: "GET /cart", tags: [.init("http.status_code", "500")],
                                   minDuration: 200_000_000, maxDuration: 2_000_000_000, window: .lookback(hourNs), limit: 20)

    static func newestFirst(_ result: SearchResult) {
        #expect(result.summaries.map(\.traceID.hex) == ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb02"])
    }

    /// Summaries computed from whole traces: root, span and error counts, services, bounds.
    static func computed(_ result: SearchResult) {
        newestFirst(result)
        let first = result.summaries[0]
        #expect(first.rootService == "frontend" && first.rootName.lowercased() == "get /cart")
        #expect(first.start == Bodies.t0 * 1000 && first.duration == 6_000_000)
        #expect(first.spanCount == 3 && first.errorCount == 1)
        #expect(first.services == ["cart", "db", "frontend"])
        #expect(result.traces.spans.count == 4)
    }

    @Test func jaegerClassic() async throws {
        let t = ReplayTransport([("/api/traces", .json(Bodies.jaegerEnvelope(Bodies.spans)))])
        let client = BackendClient(api: .jaegerClassic, transport: t, tenant: "acme")
        let result = try await client.search(Self.query, now: Self.nowNs)
        let startUs = (Self.nowNs - Self.hourNs) / 1000
        #expect(t.paths == ["/api/traces?service=Frontend&operation=GET%20%2Fcart&tags=%7B%22http.status_code%22%3A%22500%22%7D&start=\(startUs)&end=\(Self.nowNs / 1000)&minDuration=200ms&maxDuration=2s&limit=20"])
        #expect(t.requests[0].headers.map(\.0) == ["x-tenant"] && t.requests[0].headers.map(\.1) == ["acme"])
        Self.computed(result)
        #expect(result.warnings.isEmpty)
    }

    @Test func jaegerClassicLongDurationsInGoUnitsAndEnvelopeErrors() async throws {
        let errors = #"[{"code":500,"msg":"trace not found","traceID":"cc"}]"#
        let t = ReplayTransport([("/api/traces", .json(Bodies.jaegerEnvelope(Bodies.spans, errors: errors)))])
        var q = SearchQuery(service: "a", minDuration: 2 * 86_400_000_000_000 + 1_500_000_000)
        q.window = .between(start: 1_000_999, end: 2_000_001)
        let result = try await BackendClient(api: .jaegerClassic, transport: t).search(q, now: 0)
        #expect(t.query("/api/traces")["minDuration"] == "48h1.5s")
        // µs bounds cover the ns window.
        #expect(t.query("/api/traces")["start"] == "1000" && t.query("/api/traces")["end"] == "2001")
        #expect(result.warnings == ["Jaeger query error 500: trace not found (trace cc)"])
    }

    @Test func jaegerClassicNeedsAServiceAndNoTraceQL() async {
        let client = BackendClient(api: .jaegerClassic, transport: ReplayTransport([]))
        await #expect(throws: BackendError.self) { try await client.search(SearchQuery(), now: Self.nowNs) }
        await #expect(throws: BackendError.self) { try await client.search(SearchQuery(service: "a", traceQL: "{}"), now: Self.nowNs) }
    }

    @Test func jaegerClassicEmptyResult() async throws {
        let t = ReplayTransport([("/api/traces", .json(#"{"data":[],"total":0,"limit":0,"offset":0,"errors":null}"#))])
        let result = try await BackendClient(api: .jaegerClassic, transport: t).search(SearchQuery(service: "a"), now: Self.nowNs)
        #expect(result.summaries.isEmpty && result.warnings.isEmpty)
    }

    @Test func jaegerV3Summaries() async throws {
        let body = #"{"summaries":[{"traceId":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb02","rootServiceName":"frontend","rootOperationName":"GET /","minStartTimeUnixNano":"1796119140000000000","maxEndTimeUnixNano":"1796119140000700000","spanCount":1},{"traceId":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA01","rootServiceName":"frontend","rootOperationName":"GET /cart","minStartTimeUnixNano":"1796119200000000000","maxEndTimeUnixNano":"1796119200006000000","spanCount":3,"errorSpanCount":1,"orphanSpanCount":0,"services":[{"name":"frontend","spanCount":1},{"name":"db","spanCount":1},{"name":"cart","spanCount":1,"errorSpanCount":1}]}]}"#
        let t = ReplayTransport([("/api/v3/trace-summaries", .json(body))])
        let client = BackendClient(api: .jaegerV3(summaries: true, classicSearch: false), transport: t)
        let result = try await client.search(Self.query, now: Self.nowNs)
        let q = t.query("/api/v3/trace-summaries")
        #expect(q == ["query.service_name": "Frontend", "query.operation_name": "GET /cart",
                      "query.start_time_min": "2026-12-01T09:00:30Z", "query.start_time_max": "2026-12-01T10:00:30Z",
                      "query.duration_min": "200ms", "query.duration_max": "2s", "query.search_depth": "20",
                      "query.attributes": #"{"http.status_code":"500"}"#])
        newestFirst(result)
        #expect(result.summaries[0] == TraceSummary(traceID: TraceID("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01")!, start: Bodies.t0 * 1000, duration: 6_000_000,
                                                    rootService: "frontend", rootName: "GET /cart", spanCount: 3, errorCount: 1, services: ["cart", "db", "frontend"]))
        #expect(result.traces.spans.isEmpty)
    }

    private func newestFirst(_ r: SearchResult) { Self.newestFirst(r) }

    @Test func jaegerV3FullTracesGroupedByTraceID() async throws {
        let t = ReplayTransport([("/api/v3/traces", .json(#"{"result":"# + Bodies.otlp(Bodies.spans) + "}"))])
        let client = BackendClient(api: .jaegerV3(summaries: false, classicSearch: false), transport: t)
        let result = try await client.search(Self.query, now: Self.nowNs)
        let q = t.query("/api/v3/traces")
        #expect(q["query.num_traces"] == "20" && q["query.attributes"] == nil && q["query.start_time_min"] != nil)
        Self.computed(result)
        #expect(result.warnings == ["tags not sent: this Jaeger's api_v3 cannot filter by attributes (v2.19 can)"])
    }

    @Test func jaegerV3NoTracesFoundIsAnEmptyResult() async throws {
        let t = ReplayTransport([("/api/v3/traces", .text(#"{"error":{"httpCode":404,"message":"No traces found"}}"#, status: 404))])
        let client = BackendClient(api: .jaegerV3(summaries: false, classicSearch: false), transport: t)
        let result = try await client.search(SearchQuery(service: "a"), now: Self.nowNs)
        #expect(result.summaries.isEmpty && result.warnings.isEmpty)
        // A 404 that is not api_v3's own answer stays an error.
        let proxy = ReplayTransport([("/api/v3/traces", .text("404 page not found", status: 404))])
        await #expect(throws: BackendError.self) {
            try await BackendClient(api: .jaegerV3(summaries: false, classicSearch: false), transport: proxy).search(SearchQuery(), now: Self.nowNs)
        }
    }

    @Test func zipkin() async throws {
        let t = ReplayTransport([("/api/v2/traces", .json(Bodies.zipkinTraces(Bodies.spans)))])
        let result = try await BackendClient(api: .zipkinV2, transport: t, tenant: "ignored").search(Self.query, now: Self.nowNs)
        let endMs = Self.nowNs / 1_000_000
        #expect(t.paths == ["/api/v2/traces?serviceName=frontend&spanName=get%20%2Fcart&annotationQuery=http.status_code%3D500&minDuration=200000&maxDuration=2000000&endTs=\(endMs)&lookback=3600000&limit=20"])
        #expect(t.requests[0].headers.isEmpty)
        Self.computed(result)
    }

    @Test func zipkinMaxDurationAloneGetsAMinimum() async throws {
        let t = ReplayTransport([("/api/v2/traces", .json("[]"))])
        let result = try await BackendClient(api: .zipkinV2, transport: t).search(SearchQuery(tags: [.init("a", "1"), .init("b", "2")], maxDuration: 5_000_000), now: Self.nowNs)
        let q = t.query("/api/v2/traces")
        #expect(q["minDuration"] == "1" && q["maxDuration"] == "5000" && q["annotationQuery"] == "a=1 and b=2" && q["serviceName"] == nil)
        #expect(result.summaries.isEmpty && result.warnings.isEmpty)
    }

    @Test func tempoTraceQLFromTheQuery() async throws {
        let t = ReplayTransport([("/api/search", .json(Bodies.tempoSearch([(id: "2e299711ce47710289dc6640727404f", startNs: Bodies.t0 * 1000, ms: 6), (id: "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb02", startNs: Bodies.t0 * 1000 - 60_000_000_000, ms: nil)])))],
                                displayURL: "http://localhost:3200")
        let result = try await BackendClient(api: .tempo(v2Traces: true), transport: t, tenant: "t1").search(Self.query, now: Self.nowNs)
        let q = t.query("/api/search")
        #expect(q["q"] == #"{ resource.service.name = "Frontend" && name = "GET /cart" && (.http.status_code = "500" || .http.status_code = 500) && duration >= 200ms && duration <= 2s }"#)
        #expect(q["start"] == String((Self.nowNs - Self.hourNs) / 1_000_000_000) && q["end"] == String(Self.nowNs / 1_000_000_000) && q["limit"] == "20")
        #expect(t.requests[0].headers.map(\.0) == ["X-Scope-OrgID"])
        // Tempo strips leading zeros from ids; the summary has the full id.
        #expect(result.summaries.map(\.traceID.hex) == ["02e299711ce47710289dc6640727404f", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb02"])
        let s = result.summaries[0]
        #expect(s.duration == 6_000_000 && s.spanCount == 3 && s.errorCount == 1 && s.services == ["cart", "frontend"] && s.rootName == "GET /cart")
        #expect(result.summaries[1].duration == 0)
        #expect(result.warnings.isEmpty)
    }

    @Test func tempoRawTraceQLAndPartialResults() async throws {
        let t = ReplayTransport([("/api/search", .json(Bodies.tempoSearch([], completed: 1, total: 2)))])
        let raw = #"{ span.http.route = "/a b" } | count() > 1"#
        let result = try await BackendClient(api: .tempo(v2Traces: true), transport: t).search(SearchQuery(service: "ignored", traceQL: raw), now: Self.nowNs)
        #expect(t.query("/api/search")["q"] == raw)
        #expect(result.warnings == ["partial result: Tempo completed 1 of 2 search jobs"])
        #expect(BackendClient.traceQL(for: SearchQuery()) == "{}")
        #expect(BackendClient.traceQL(for: SearchQuery(tags: [.init("resource.k8s ns", "a\"b"), .init("span.ok", "true")]))
            == #"{ resource."k8s ns" = "a\"b" && (span.ok = "true" || span.ok = true) }"#)
    }

    @Test func tempoSplitsLongWindowsNewestFirst() async throws {
        let day: Int64 = 86_400
        let end = Self.nowNs / 1_000_000_000
        let windows = BackendClient.tempoWindows(start: Self.nowNs - 30 * day * 1_000_000_000, end: Self.nowNs)
        let week: Int64 = 168 * 3600
        let lengths: [Int64] = windows.map { $0.1 - $0.0 }
        #expect(lengths == [week, week, week, week, 2 * day])
        #expect(windows.first?.1 == end && windows.last?.0 == end - 30 * day)
        for k in 1..<windows.count { #expect(windows[k].1 == windows[k - 1].0) }

        // One trace per window; the limit stops the search once reached.
        var routes: [(String, ReplayTransport.Reply)] = []
        for (k, w) in windows.enumerated() {
            let id = String(repeating: "0", count: 31) + String(k)
            routes.append(("/api/search?q=%7B%7D&start=\(w.0)&end=\(w.1)", .json(Bodies.tempoSearch([(id: id, startNs: w.1 * 1_000_000_000 - 10, ms: 1)]))))
        }
        let t = ReplayTransport(routes)
        let client = BackendClient(api: .tempo(v2Traces: true), transport: t)
        let all = try await client.search(SearchQuery(window: .lookback(30 * day * 1_000_000_000), limit: 50), now: Self.nowNs)
        #expect(t.paths.count == 5)
        #expect(all.summaries.map(\.traceID.low) == [0, 1, 2, 3, 4])
        #expect(t.query("/api/search?q=%7B%7D&start=\(windows[1].0)")["limit"] == "49")
        let few = ReplayTransport(routes)
        let two = try await BackendClient(api: .tempo(v2Traces: true), transport: few).search(SearchQuery(window: .lookback(30 * day * 1_000_000_000), limit: 2), now: Self.nowNs)
        #expect(few.paths.count == 2 && two.summaries.count == 2)
    }

    @Test func hugeWindowsAreCutAtAYearOfTempoSearches() async throws {
        let t = ReplayTransport([("/api/search", .json(Bodies.tempoSearch([])))])
        let result = try await BackendClient(api: .tempo(v2Traces: true), transport: t)
            .search(SearchQuery(window: .lookback(Durations.parse("15000w")!)), now: Self.nowNs)
        #expect(t.paths.count == 53)
        #expect(result.warnings == ["searched the newest 53 weeks of the window only (53 Tempo searches)"])
    }

    @Test func aCancelledTempoSearchStopsBetweenWindows() async {
        let t = ReplayTransport([("/api/search", .json(Bodies.tempoSearch([])))])
        let client = BackendClient(api: .tempo(v2Traces: true), transport: t)
        let error = await Task { () async -> BackendError? in
            withUnsafeCurrentTask { $0?.cancel() }
            do throws(BackendError) {
                _ = try await client.search(SearchQuery(window: .lookback(Durations.parse("30d")!)), now: Self.nowNs)
                return nil
            } catch {
                return error
            }
        }.value
        #expect(error?.kind == .cancelled && t.paths.isEmpty)
    }

    @Test func limitsOutsideWhatBackendsAcceptAreBrought() async throws {
        let t = ReplayTransport([("/api/search", .json(Bodies.tempoSearch([(id: "1", startNs: 1, ms: 1), (id: "2", startNs: 2, ms: 1)])))])
        let client = BackendClient(api: .tempo(v2Traces: true), transport: t)
        let none = try await client.search(SearchQuery(limit: -5), now: Self.nowNs)
        #expect(t.query("/api/search")["limit"] == "1" && none.summaries.count == 1)
        _ = try await client.search(SearchQuery(limit: 500_000), now: Self.nowNs)
        #expect(t.query("/api/search")["limit"] == "262144")
    }

    @Test func hostileSummaryNumbersAreClamped() async throws {
        let body = #"{"traces":[{"traceID":"1","startTimeUnixNano":"-5","durationMs":9223372036854775807,"serviceStats":{"a":{"spanCount":-3},"b":{"spanCount":9223372036854775807,"errorCount":9223372036854775807}}}]}"#
        let t = ReplayTransport([("/api/search", .json(body))])
        let s = try await BackendClient(api: .tempo(v2Traces: true), transport: t).search(SearchQuery(), now: Self.nowNs).summaries[0]
        #expect(s.start == 0 && s.duration == ModelTime.longest && s.spanCount == Int(UInt32.max) && s.errorCount == Int(UInt32.max))
        let summaries = #"{"summaries":[{"traceId":"01","minStartTimeUnixNano":"9223372036854775807","maxEndTimeUnixNano":"-9223372036854775808","spanCount":-1}]}"#
        let j = ReplayTransport([("/api/v3/trace-summaries", .json(summaries))])
        let js = try await BackendClient(api: .jaegerV3(summaries: true, classicSearch: false), transport: j).search(SearchQuery(), now: Self.nowNs).summaries[0]
        #expect(js.duration == 0 && js.spanCount == 0 && js.start == ModelTime.latest)
    }

    @Test func summariesAreCappedAtTheLimit() async throws {
        let t = ReplayTransport([("/api/traces", .json(Bodies.jaegerEnvelope(Bodies.spans)))])
        let result = try await BackendClient(api: .jaegerClassic, transport: t).search(SearchQuery(service: "a", limit: 1), now: Self.nowNs)
        #expect(result.summaries.map(\.traceID.hex) == ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa01"])
    }

    @Test func namesAreSortedAndUnique() async throws {
        let classic = ReplayTransport([("/api/services", .json(#"{"data":["b","a","b"],"total":3}"#)),
                                       ("/api/services/GET%20x/operations", .json(#"{"data":["z","y"]}"#))])
        let c = BackendClient(api: .jaegerClassic, transport: classic)
        #expect(try await c.services() == ["a", "b"])
        #expect(try await c.operations(service: "GET x") == ["y", "z"])

        let v3 = ReplayTransport([("/api/v3/services", .json(#"{"services":["q","p"]}"#)),
                                  ("/api/v3/operations?service=p", .json(#"{"operations":[{"name":"b","spanKind":"server"},{"name":"a","spanKind":"client"},{"name":"b","spanKind":"client"}]}"#))])
        let j = BackendClient(api: .jaegerV3(summaries: true, classicSearch: false), transport: v3)
        #expect(try await j.services() == ["p", "q"])
        #expect(try await j.operations(service: "p") == ["a", "b"])

        let zipkin = ReplayTransport([("/api/v2/services", .json(#"["b","a"]"#)), ("/api/v2/spans?serviceName=frontend", .json(#"["get /","post /"]"#))])
        let z = BackendClient(api: .zipkinV2, transport: zipkin)
        #expect(try await z.services() == ["a", "b"])
        #expect(try await z.operations(service: "Frontend") == ["get /", "post /"])

        let tempo = ReplayTransport([("/api/v2/search/tag/resource.service.name/values", .json(#"{"tagValues":[{"type":"string","value":"cart"},{"type":"string","value":"api"}],"metrics":{}}"#)),
                                     ("/api/v2/search/tag/name/values", .json(#"{"tagValues":[{"type":"string","value":"GET /"}]}"#))])
        let tc = BackendClient(api: .tempo(v2Traces: true), transport: tempo)
        #expect(try await tc.services() == ["api", "cart"])
        #expect(try await tc.operations(service: "cart") == ["GET /"])
        #expect(tempo.query("/api/v2/search/tag/name/values")["q"] == #"{ resource.service.name = "cart" }"#)

        // Tempo before the v2 tag API.
        let old = ReplayTransport([("/api/search/tag/service.name/values", .json(#"{"tagValues":["b","a"]}"#)),
                                   ("/api/search/tag/name/values", .json(#"{"tagValues":["x"]}"#))])
        let oc = BackendClient(api: .tempo(v2Traces: false), transport: old)
        #expect(try await oc.services() == ["a", "b"])
        #expect(try await oc.operations(service: "a") == ["x"])
    }
}
