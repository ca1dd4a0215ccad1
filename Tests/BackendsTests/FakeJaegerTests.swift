import BackendHTTP
import Backends
import FakeBackends
import Foundation
import Testing

/// The fake Jaeger answers as backends.md §1 says, per version.
@Suite struct FakeJaegerTests {
    private let trace = sampleTrace()
    private var micros: Int64 { trace.start / 1000 }

    private func rfc3339(_ ns: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: Date(timeIntervalSince1970: Double(ns) / 1e9))
    }

    @Test func classicNameListsInTheEnvelope() async throws {
        try await withFake(.jaeger(.v2_20), traces: [trace]) { _, transport in
            let first = try jsonObject(try await transport.get("/api/services"))
            let second = try jsonObject(try await transport.get("/api/services"))
            let a = try #require(first["data"] as? [String])
            let b = try #require(second["data"] as? [String])
            #expect(Set(a) == ["frontend", "cart"])
            #expect(a != b)  // order varies per call, as recorded
            #expect(first["total"] as? Int == 2)
            #expect(first["limit"] as? Int == 0)
            #expect(first["errors"] is NSNull)
            let operations = try jsonObject(try await transport.get("/api/services/cart/operations"))
            #expect(operations["data"] as? [String] == ["SELECT items"])
            let kinds = try jsonObject(try await transport.get("/api/operations?service=frontend&spanKind=server"))
            let list = try #require(kinds["data"] as? [[String: String]])
            #expect(list == [["name": "GET /cart", "spanKind": "server"]])
        }
    }

    @Test func classicErrorsAreJSONUnderTextPlain() async throws {
        try await withFake(.jaeger(.v2_20), traces: [trace]) { _, transport in
            let missing = try await transport.get("/api/operations")
            #expect(missing.status == 400)
            #expect(missing.contentType == "text/plain; charset=utf-8")
            #expect(missing.headers["x-content-type-options"] == "nosniff")
            #expect(text(missing).hasSuffix("}\n"))
            let errors = try #require(try jsonObject(missing)["errors"] as? [[String: Any]])
            #expect(errors.first?["msg"] as? String == "parameter 'service' is required")
            let notFound = try await transport.get("/api/traces/00000000000000000000000000000001")
            #expect(notFound.status == 404)
            #expect(text(notFound) == "{\"data\":null,\"total\":0,\"limit\":0,\"offset\":0,\"errors\":[{\"code\":404,\"msg\":\"trace not found\"}]}\n")
            let badWindow = try await transport.get("/api/traces?service=cart&start=yesterday")
            #expect(badWindow.status == 400)
            #expect(text(badWindow).contains("unable to parse param 'start'"))
            let inverted = try await transport.get("/api/traces?service=cart&minDuration=2s&maxDuration=1s")
            #expect(inverted.status == 400)
        }
    }

    @Test func classicSearchInMicroseconds() async throws {
        let old = sampleTrace(id: "1111111111111111", ago: 3 * 3_600_000_000_000)
        try await withFake(.jaeger(.v2_20), traces: [trace, old]) { _, transport in
            let now = nowNanos() / 1000
            let found = try jsonObject(try await transport.get("/api/traces?service=frontend&start=\(now - 3_600_000_000)&end=\(now)&limit=20"))
            let data = try #require(found["data"] as? [[String: Any]])
            #expect(data.count == 1)
            #expect(found["total"] as? Int == 0)
            let spans = try #require(data.first?["spans"] as? [[String: Any]])
            #expect(spans.first?["startTime"] as? Int64 == micros)
            #expect(spans.first?["duration"] as? Int == 250_000)
            let processes = try #require(data.first?["processes"] as? [String: [String: Any]])
            #expect(processes["p1"]?["serviceName"] as? String == "frontend")
            #expect(spans.last?["processID"] as? String == "p2")
            // Default window is 48 h: the three-hour-old trace is found without start/end.
            let all = try jsonObject(try await transport.get("/api/traces?service=frontend"))
            #expect((all["data"] as? [Any])?.count == 2)
            let limited = try jsonObject(try await transport.get("/api/traces?service=frontend&limit=1"))
            #expect((limited["data"] as? [[String: Any]])?.first?["traceID"] as? String == trace.traceID)
        }
    }

    @Test func classicSearchFilters() async throws {
        try await withFake(.jaeger(.v2_20), traces: [trace, sampleTrace(id: "2222222222222222", error: true)]) { _, transport in
            func count(_ query: String) async throws -> Int? {
                (try jsonObject(try await transport.get("/api/traces?\(query)"))["data"] as? [Any])?.count
            }
            #expect(try await count("service=cart&tags=%7B%22db.system%22%3A%22postgresql%22%7D") == 2)
            #expect(try await count("service=cart&tags=%7B%22error%22%3A%22true%22%7D") == 1)
            #expect(try await count("service=cart&tag=error:true") == 1)
            #expect(try await count("service=cart&tags=%7B%22db.system%22%3A%22mysql%22%7D") == 0)
            #expect(try await count("service=cart&minDuration=200ms") == 0)
            #expect(try await count("service=frontend&minDuration=200ms&maxDuration=1s") == 2)
            #expect(try await count("service=frontend&operation=GET%20%2Fcart") == 2)
            #expect(try await count("service=frontend&operation=nope") == 0)
            let multi = try jsonObject(try await transport.get("/api/traces?traceID=2222222222222222&traceID=3333333333333333"))
            #expect((multi["data"] as? [Any])?.count == 1)
            let errors = try #require(multi["errors"] as? [[String: Any]])
            #expect(errors.first?["traceID"] as? String == "3333333333333333")
        }
    }

    @Test func apiV3SearchTraceAndSummaries() async throws {
        try await withFake(.jaeger(.v2_20), traces: [trace]) { _, transport in
            let window = "query.startTimeMin=\(rfc3339(trace.start - 60_000_000_000))&query.startTimeMax=\(rfc3339(trace.start + 60_000_000_000))"
            let services = try jsonObject(try await transport.get("/api/v3/services"))
            #expect(services["services"] as? [String] == ["frontend", "cart"])
            let missing = try await transport.get("/api/v3/traces?query.serviceName=frontend")
            #expect(missing.status == 400)
            #expect(text(missing) == "{\"error\":{\"httpCode\":400,\"message\":\"query.startTimeMin and query.startTimeMax are required\"}}\n")
            let empty = try await transport.get("/api/v3/traces?query.serviceName=nobody&\(window)")
            #expect(empty.status == 404)
            #expect(text(empty).contains("No traces found"))
            #expect(empty.contentType == "text/plain; charset=utf-8")

            let found = try jsonObject(try await transport.get("/api/v3/traces?query.serviceName=frontend&\(window)"))
            let resourceSpans = try #require((found["result"] as? [String: Any])?["resourceSpans"] as? [[String: Any]])
            #expect(resourceSpans.count == 2)
            let spans = try #require(((resourceSpans[0]["scopeSpans"] as? [[String: Any]])?.first)?["spans"] as? [[String: Any]])
            #expect(spans[0]["traceId"] as? String == trace.traceID)
            #expect(spans[0]["kind"] as? Int == 2)
            #expect(spans[0]["startTimeUnixNano"] as? String == String(trace.start))
            #expect(spans[0]["parentSpanId"] == nil)

            let attributes = "query.attributes=%7B%22db.system%22%3A%22postgresql%22%7D"
            #expect(try await transport.get("/api/v3/traces?\(window)&\(attributes)").status == 200)
            #expect(try await transport.get("/api/v3/traces?\(window)&query.attributes=%7B%22db.system%22%3A%22mysql%22%7D").status == 404)

            let byID = try await transport.get("/api/v3/traces/\(trace.traceID)")
            #expect(byID.status == 200)
            let base64 = Data(hexBytes(trace.traceID)).base64EncodedString()
            #expect(try await transport.get("/api/v3/traces/\(base64.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)").status == 200)
            #expect(try await transport.get("/api/v3/traces/ffff").status == 404)
            #expect(try await transport.get("/api/v3/traces/not-an-id").status == 400)

            let summaries = try jsonObject(try await transport.get("/api/v3/trace-summaries?\(window)"))
            let first = try #require((summaries["summaries"] as? [[String: Any]])?.first)
            #expect(first["traceId"] as? String == trace.traceID)
            #expect(first["rootServiceName"] as? String == "frontend")
            #expect(first["rootOperationName"] as? String == "GET /cart")
            #expect(first["minStartTimeUnixNano"] as? String == String(trace.start))
            #expect(first["spanCount"] as? Int == 2)
            #expect(first["errorSpanCount"] == nil)
            let none = try await transport.get("/api/v3/trace-summaries?query.serviceName=nobody&\(window)")
            #expect(none.status == 200)
            #expect(text(none) == "{\"summaries\":[]}")
        }
    }

    @Test func v2_18SpeaksSnakeCaseOnlyAndHasNoSummaries() async throws {
        try await withFake(.jaeger(.v2_18), traces: [trace]) { _, transport in
            let min = rfc3339(trace.start - 60_000_000_000), max = rfc3339(trace.start + 60_000_000_000)
            let camel = try await transport.get("/api/v3/traces?query.startTimeMin=\(min)&query.startTimeMax=\(max)")
            #expect(camel.status == 400)
            #expect(text(camel).contains("query.start_time_min and query.start_time_max are required"))
            #expect(try await transport.get("/api/v3/traces?query.start_time_min=\(min)&query.start_time_max=\(max)").status == 200)
            // Attribute filtering does not exist yet: ignored, so everything matches.
            #expect(try await transport.get("/api/v3/traces?query.start_time_min=\(min)&query.start_time_max=\(max)&query.attributes=%7B%22a%22%3A%22b%22%7D").status == 200)
            #expect(try await transport.get("/api/v3/trace-summaries?query.start_time_min=\(min)&query.start_time_max=\(max)").status == 404)
            #expect(try await transport.get("/api/services").status == 200)
        }
    }

    @Test func mainHasNoClassicSearchAndV1_52NoApiV3() async throws {
        try await withFake(.jaeger(.main), traces: [trace]) { _, transport in
            let services = try await transport.get("/api/services")
            #expect(services.status == 404)
            #expect(try await transport.get("/api/operations?service=cart").status == 404)
            #expect(try await transport.get("/api/traces?service=cart").status == 404)
            #expect(try await transport.get("/api/traces/\(trace.traceID)").status == 200)
            #expect(try await transport.get("/api/v3/services").status == 200)
        }
        try await withFake(.jaeger(.v1_52), traces: [trace]) { _, transport in
            let v3 = try await transport.get("/api/v3/services")
            #expect(v3.status == 404)
            #expect(try await transport.get("/api/services").status == 200)
        }
    }

    @Test func tenancyRefusalsArePlainText() async throws {
        try await withFake(.jaeger(.v2_20), traces: [trace], options: { $0.tenant = "team-a"; $0.kind = .jaeger }) { fake, transport in
            fake.require([.tenant("team-b")])
            let refused = try await transport.get("/api/services")
            #expect(refused.status == 401)
            #expect(text(refused) == "unknown tenant\n")
            #expect(fake.requests.last?.header("x-tenant") == "team-a")
            #expect(fake.requests.last?.header("X-Scope-OrgID") == nil)
        }
    }
}

func hexBytes(_ hex: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        bytes.append(UInt8(hex[index..<next], radix: 16)!)
        index = next
    }
    return bytes
}
