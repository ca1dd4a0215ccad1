import BackendHTTP
import Backends
import FakeBackends
import Foundation
import Testing

/// The fake Zipkin (backends.md §2): µs, ms windows, sorted lists, plain-text errors.
@Suite struct FakeZipkinTests {
    @Test func namesAreSortedAndLowerCase() async throws {
        var upper = sampleTrace(id: "3333333333333333")
        upper.spans[0].service = "Zeta"
        try await withFake(.zipkin, traces: [sampleTrace(), upper]) { _, transport in
            #expect(try jsonArray(try await transport.get("/api/v2/services")) as? [String] == ["cart", "frontend", "zeta"])
            #expect(try jsonArray(try await transport.get("/api/v2/spans?serviceName=frontend")) as? [String] == ["get /cart"])
            #expect(try await transport.get("/api/v2/spans").status == 400)
            #expect(try jsonArray(try await transport.get("/zipkin/api/v2/services")).count == 3)
            let health = try jsonObject(try await transport.get("/health"))
            #expect(health["status"] as? String == "UP")
        }
    }

    @Test func traceByIDAndItsErrors() async throws {
        let trace = sampleTrace()
        try await withFake(.zipkin, traces: [trace]) { _, transport in
            let spans = try #require(try jsonArray(try await transport.get("/api/v2/trace/\(trace.traceID)")) as? [[String: Any]])
            #expect(spans.count == 2)
            #expect(spans[0]["timestamp"] as? Int64 == trace.start / 1000)
            #expect(spans[0]["duration"] as? Int == 250_000)
            #expect(spans[0]["kind"] as? String == "SERVER")
            #expect((spans[0]["localEndpoint"] as? [String: String])?["serviceName"] == "frontend")
            #expect(spans[1]["parentId"] as? String == "b7ad6b7169203331")
            let upper = try await transport.get("/api/v2/trace/\(trace.traceID.uppercased())")
            #expect(upper.status == 400)
            #expect(text(upper) == "\(trace.traceID.uppercased()) should be lower-hex encoded with no prefix")
            let missing = try await transport.get("/api/v2/trace/abc")
            #expect(missing.status == 404)
            #expect(text(missing) == "0000000000000abc not found")
            #expect(text(try await transport.get("/api/v2/trace/0000")) == "traceId is all zeros")
        }
    }

    @Test func searchUsesMillisecondWindowsAndMicrosecondDurations() async throws {
        let traces = (0..<12).map { sampleTrace(id: String(format: "%032x", $0 + 1), ago: Int64($0 + 1) * 60_000_000_000) }
        try await withFake(.zipkin, traces: traces) { _, transport in
            func count(_ query: String) async throws -> Int { try jsonArray(try await transport.get("/api/v2/traces?\(query)")).count }
            #expect(try await count("serviceName=frontend") == 10)  // default limit
            #expect(try await count("serviceName=frontend&limit=20") == 12)
            // Traces start a minute apart; a window ending 30 s after the newest holds five.
            let endTs = traces[0].start / 1_000_000 + 30_000
            #expect(try await count("serviceName=frontend&endTs=\(endTs)&lookback=\(5 * 60_000)&limit=20") == 5)
            #expect(try await count("serviceName=cart&minDuration=200000&limit=20") == 0)
            #expect(try await count("serviceName=cart&minDuration=50000&maxDuration=150000&limit=20") == 12)
            #expect(try await count("annotationQuery=db.system%3Dpostgresql&limit=20") == 12)
            let onlyMax = try await transport.get("/api/v2/traces?maxDuration=10")
            #expect(onlyMax.status == 400)
            #expect(text(onlyMax) == "maxDuration is only valid with minDuration")
            #expect(text(try await transport.get("/api/v2/traces?limit=0")) == "limit <= 0")
            let newest = try #require(try jsonArray(try await transport.get("/api/v2/traces?limit=1")) as? [[[String: Any]]])
            #expect(newest.first?.first?["traceId"] as? String == traces[0].traceID)
        }
    }
}

/// The fake Tempo (backends.md §3): TraceQL search, unix-second windows, summaries, quirks.
@Suite struct FakeTempoTests {
    private let leadingZeros = sampleTrace(id: "00ab0000000000000000000000000001")

    private var window: String {
        let now = nowNanos() / 1_000_000_000
        return "start=\(now - 3600)&end=\(now)"
    }

    @Test func probesAndBuildInfo() async throws {
        try await withFake(.tempo(v2Traces: true)) { fake, transport in
            fake.require([.tenant("t")])
            let echo = try await transport.get("/api/echo")
            #expect(text(echo) == "echo\n")
            #expect(echo.contentType == "text/plain; charset=utf-8")
            #expect(text(try await transport.get("/ready")) == "ready\n")
            let refused = try await transport.get("/api/status/buildinfo")
            #expect(refused.status == 401)
            #expect(text(refused) == "no org id\n")
        }
    }

    @Test func searchSummariesFollowTheEncodingRules() async throws {
        var short = sampleTrace(id: "5555555555555555")
        short.spans = [short.spans[0]]
        short.spans[0].duration = 400_000  // under 1 ms: durationMs is left out
        try await withFake(.tempo(v2Traces: true), traces: [leadingZeros, short]) { _, transport in
            let result = try jsonObject(try await transport.get("/api/search?q=%7B%7D&\(window)"))
            let traces = try #require(result["traces"] as? [[String: Any]])
            #expect(traces.count == 2)
            let first = try #require(traces.first { $0["traceID"] as? String == "ab0000000000000000000000000001" })
            #expect(first["rootServiceName"] as? String == "frontend")
            #expect(first["rootTraceName"] as? String == "GET /cart")
            #expect(first["startTimeUnixNano"] as? String == String(leadingZeros.start))
            #expect(first["durationMs"] as? Int == 250)
            let stats = try #require(first["serviceStats"] as? [String: [String: Int]])
            #expect(stats["cart"] == ["spanCount": 1])
            #expect(first["spanSet"] != nil && first["spanSets"] != nil)
            let sub = try #require(traces.first { $0["traceID"] as? String == "5555555555555555" })
            #expect(sub["durationMs"] == nil)
            let metrics = try #require(result["metrics"] as? [String: Any])
            #expect(metrics["inspectedBytes"] is String)
            #expect(metrics["completedJobs"] as? Int == 1)
        }
    }

    @Test func traceQLFiltersAndTagValues() async throws {
        try await withFake(.tempo(v2Traces: true), traces: [leadingZeros, sampleTrace(id: "6666666666666666", error: true)]) { _, transport in
            func count(_ q: String) async throws -> Int? {
                let encoded = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                return (try jsonObject(try await transport.get("/api/search?q=\(encoded)&\(window)"))["traces"] as? [Any])?.count
            }
            #expect(try await count("{ resource.service.name = \"cart\" && status = error }") == 1)
            #expect(try await count("{ span.db.system = \"postgresql\" }") == 2)
            #expect(try await count("{ name = \"GET /cart\" && duration > 200ms }") == 2)
            #expect(try await count("{ duration > 300ms }") == 0)
            #expect(try await count("{ .service.name =~ \"fr.*\" }") == 2)
            let bad = try await transport.get("/api/search?q=service%3Dcart")
            #expect(bad.status == 400)
            #expect(text(bad).hasPrefix("parse error"))
            let values = try jsonObject(try await transport.get("/api/v2/search/tag/resource.service.name/values"))
            let list = try #require(values["tagValues"] as? [[String: String]])
            #expect(list.map { $0["value"] } == ["frontend", "cart"])
            #expect(list.first?["type"] == "string")
            let q = "{resource.service.name=\"cart\"}".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let names = try jsonObject(try await transport.get("/api/v2/search/tag/name/values?q=\(q)"))
            #expect((names["tagValues"] as? [[String: String]])?.map { $0["value"] } == ["SELECT items"])
            let v1 = try jsonObject(try await transport.get("/api/search/tag/service.name/values"))
            #expect(v1["tagValues"] as? [String] == ["frontend", "cart"])
        }
    }

    @Test func parameterErrorsUseTempoText() async throws {
        try await withFake(.tempo(v2Traces: true), traces: [leadingZeros]) { _, transport in
            let now = nowNanos() / 1_000_000_000
            let wide = try await transport.get("/api/search?q=%7B%7D&start=\(now - 169 * 3600)&end=\(now)")
            #expect(wide.status == 400)
            #expect(text(wide) == "range specified by start and end exceeds 168h0m0s. received start=\(now - 169 * 3600) end=\(now)\n")
            let millis = try await transport.get("/api/search?start=1700000000000&end=1700000001000")
            #expect(text(millis) == "invalid start: strconv.ParseUint: parsing \"1700000000000\": value out of range\n")
            #expect(text(try await transport.get("/api/search?q=%7B%7D&tags=a%3Db")) == "invalid request: can't specify tags and q in the same query\n")
            #expect(text(try await transport.get("/api/search?limit=500000")) == "limit 500000 exceeds max limit 262144\n")
            #expect(text(try await transport.get("/api/search?spss=200")) == "spans per span set exceeds 100. received 200\n")
            #expect(text(try await transport.get("/api/search?start=\(now)&end=\(now - 10)")).hasPrefix("http parameter start must be before end."))
            #expect(try await transport.get("/api/search?\(window)&limit=262144").status == 200)
        }
    }

    @Test func v2TracesUseBase64IdsAndEnumNames() async throws {
        try await withFake(.tempo(v2Traces: true), traces: [leadingZeros]) { _, transport in
            let body = try jsonObject(try await transport.get("/api/v2/traces/ab0000000000000000000000000001"))
            let resourceSpans = try #require((body["trace"] as? [String: Any])?["resourceSpans"] as? [[String: Any]])
            let span = try #require(((resourceSpans[0]["scopeSpans"] as? [[String: Any]])?.first?["spans"] as? [[String: Any]])?.first)
            #expect(span["traceId"] as? String == Data(hexBytes(leadingZeros.traceID)).base64EncodedString())
            #expect(span["kind"] as? String == "SPAN_KIND_SERVER")
            #expect(span["status"] as? [String: String] == [:])
            let unknown = try await transport.get("/api/v2/traces/123")
            #expect(unknown.status == 200)
            #expect((try jsonObject(unknown)["trace"] as? [String: Any])?.isEmpty == true)
            let bad = try await transport.get("/api/v2/traces/12x4")
            #expect(bad.status == 400)
            #expect(text(bad) == "trace IDs can only contain hex characters: invalid character 'x' at position 3\n")
        }
    }

    @Test func v1ServersAnswerBatchesAndAnEmpty404() async throws {
        try await withFake(.tempo(v2Traces: false), traces: [leadingZeros]) { _, transport in
            #expect(try await transport.get("/api/v2/traces/\(leadingZeros.traceID)").status == 404)
            let v1 = try jsonObject(try await transport.get("/api/traces/\(leadingZeros.traceID.uppercased())"))
            #expect((v1["batches"] as? [Any])?.count == 2)
            let missing = try await transport.get("/api/traces/123")
            #expect(missing.status == 404)
            #expect(missing.body.isEmpty)
            #expect(missing.contentType == nil)
            #expect(missing.headers["content-length"] == "0")
        }
    }

    @Test func anotherTenantSeesNoTraces() async throws {
        try await withFake(.tempo(v2Traces: true), traces: [leadingZeros], options: { $0.tenant = "other"; $0.kind = .tempo }) { fake, transport in
            fake.require([.tenant("acme")])
            let result = try jsonObject(try await transport.get("/api/search?q=%7B%7D&\(window)"))
            #expect((result["traces"] as? [Any])?.isEmpty == true)
        }
    }
}

/// The fake Loki: query_range streams for a trace id line filter.
@Suite struct FakeLokiTests {
    @Test func queryRangeFindsTheTraceLines() async throws {
        let trace = sampleTrace()
        let other = sampleTrace(id: "7777777777777777")
        try await withFake(.loki, traces: [trace, other]) { _, transport in
            let query = "{service_name=~\".+\"} |= \"\(trace.traceID)\"".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let start = trace.start - 1_000_000_000, end = trace.end + 1_000_000_000
            let body = try jsonObject(try await transport.get("/loki/api/v1/query_range?query=\(query)&start=\(start)&end=\(end)&limit=100"))
            #expect(body["status"] as? String == "success")
            let data = try #require(body["data"] as? [String: Any])
            #expect(data["resultType"] as? String == "streams")
            let streams = try #require(data["result"] as? [[String: Any]])
            #expect(streams.count == 1)
            #expect(streams[0]["stream"] as? [String: String] == ["service_name": "frontend"])
            let values = try #require(streams[0]["values"] as? [[String]])
            #expect(values == [[String(trace.start), "level=info msg=\"cart\" trace_id=\(trace.traceID)"]])
            let outside = try jsonObject(try await transport.get("/loki/api/v1/query_range?query=\(query)&start=\(end)&end=\(end + 1_000_000_000)"))
            #expect(((outside["data"] as? [String: Any])?["result"] as? [Any])?.isEmpty == true)
            #expect(try await transport.get("/loki/api/v1/query_range?query=\(query)&limit=10000").status == 400)
            #expect(try await transport.get("/loki/api/v1/query_range?query=nonsense").status == 400)
        }
    }
}
