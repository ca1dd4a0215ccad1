import TraceFormats
import TraceModel

/// Jaeger searches: the classic UI API (µs, Go durations, tags as JSON) and api_v3 (RFC 3339
/// bounds, snake_case names that every api_v3 version reads, summaries on v2.19+).
extension BackendClient {
    func jaegerClassicSearch(_ query: SearchQuery, now: Int64) async throws(BackendError) -> SearchResult {
        guard let service = query.service else {
            throw BackendError(.badRequest, "Jaeger searches one service at a time: add service=… to the query")
        }
        if query.traceQL != nil { throw Self.traceQLOnlyOnTempo }
        let (start, end) = query.bounds(now: now)
        var q = QueryString()
        q.add("service", service)
        q.add("operation", query.operation)
        if !query.tags.isEmpty { q.add("tags", jsonObject(query.tags)) }
        q.add("start", String(Self.floorDiv(start, 1000)))
        q.add("end", String(Self.ceilDiv(end, 1000)))
        q.add("minDuration", query.minDuration.map(Durations.goFormat))
        q.add("maxDuration", query.maxDuration.map(Durations.goFormat))
        q.add("limit", String(query.limit))
        let path = q.appended(to: "/api/traces")
        let response = try await get(path)
        // The decoder turns the envelope's `errors` (traces it could not load) into warnings.
        let input = try decodeTraces(response, path)
        return SearchResult(summaries: TraceSummaries.of(input.set), traces: input.set, warnings: input.warnings)
    }

    func jaegerV3Search(_ query: SearchQuery, now: Int64, summaries: Bool) async throws(BackendError) -> SearchResult {
        if query.traceQL != nil { throw Self.traceQLOnlyOnTempo }
        let (start, end) = query.bounds(now: now)
        var q = QueryString()
        q.add("query.service_name", query.service)
        q.add("query.operation_name", query.operation)
        q.add("query.start_time_min", RFC3339.format(start))
        q.add("query.start_time_max", RFC3339.format(end))
        q.add("query.duration_min", query.minDuration.map(Durations.goFormat))
        q.add("query.duration_max", query.maxDuration.map(Durations.goFormat))
        var warnings: [String] = []
        if summaries {
            q.add("query.search_depth", String(query.limit))
            if !query.tags.isEmpty { q.add("query.attributes", jsonObject(query.tags)) }
            let path = q.appended(to: "/api/v3/trace-summaries")
            let json = try await json(path)
            let items = json["summaries"]?.array ?? []
            return SearchResult(summaries: items.compactMap(Self.jaegerSummary), warnings: warnings)
        }
        q.add("query.num_traces", String(query.limit))
        if !query.tags.isEmpty { warnings.append("tags not sent: this Jaeger's api_v3 cannot filter by attributes (v2.19 can)") }
        let path = q.appended(to: "/api/v3/traces")
        let response = try await get(path)
        if response.status == 404, Self.isNoTracesFound(response) { return SearchResult(warnings: warnings) }
        let input = try decodeTraces(response, path)
        warnings.append(contentsOf: input.warnings)
        return SearchResult(summaries: TraceSummaries.of(input.set), traces: input.set, warnings: warnings)
    }

    static let traceQLOnlyOnTempo = BackendError(.badRequest, "TraceQL queries ({…}) need a Tempo backend; use service=, operation= and tags here")

    /// api_v3 answers a search without matches with 404 `No traces found` (in its error shape,
    /// as text/plain): an empty result, unlike a 404 from a proxy or a missing route.
    static func isNoTracesFound(_ response: HTTPResponse) -> Bool {
        guard let json = try? SmallJSON.parse(response.body) else { return false }
        return json["error"]?["message"]?.string?.lowercased() == "no traces found"
    }

    /// One trace-summaries item; the ns times are strings (or numbers).
    static func jaegerSummary(_ item: SmallJSON) -> TraceSummary? {
        guard let idText = item["traceId"]?.string, let id = TraceID(idText) else { return nil }
        let start = ModelTime.clamp(item["minStartTimeUnixNano"]?.int64 ?? 0)
        let end = ModelTime.clamp(item["maxEndTimeUnixNano"]?.int64 ?? start)
        let services = (item["services"]?.array ?? []).compactMap { $0["name"]?.string }
        return TraceSummary(traceID: id, start: start, duration: max(0, end - start),
                            rootService: item["rootServiceName"]?.string ?? "", rootName: item["rootOperationName"]?.string ?? "",
                            spanCount: item["spanCount"]?.int64.map(count), errorCount: count(item["errorSpanCount"]?.int64 ?? 0),
                            services: Array(Set(services)).sorted())
    }

    /// A count from a body: never negative, at most a uint32 (as the backends send them), so
    /// sums of a few cannot overflow.
    static func count(_ v: Int64) -> Int { Int(min(max(0, v), Int64(UInt32.max))) }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
    static func ceilDiv(_ a: Int64, _ b: Int64) -> Int64 { -floorDiv(-a, b) }
}
