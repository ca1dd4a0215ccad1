/// Zipkin `/api/v2/traces`: `endTs`/`lookback` in ms, durations in µs, tags as an
/// `annotationQuery`, names lower-cased (as Zipkin stores them).
extension BackendClient {
    func zipkinSearch(_ query: SearchQuery, now: Int64) async throws(BackendError) -> SearchResult {
        if query.traceQL != nil { throw Self.traceQLOnlyOnTempo }
        let (start, end) = query.bounds(now: now)
        var q = QueryString()
        q.add("serviceName", query.service?.lowercased())
        q.add("spanName", query.operation?.lowercased())
        if !query.tags.isEmpty {
            q.add("annotationQuery", query.tags.map { "\($0.key)=\($0.value)" }.joined(separator: " and "))
        }
        // maxDuration is refused without minDuration, and minDuration must be positive.
        if let min = query.minDuration ?? query.maxDuration.map({ _ in Int64(1000) }) {
            q.add("minDuration", String(max(1, Self.floorDiv(min, 1000))))
        }
        q.add("maxDuration", query.maxDuration.map { String(max(1, Self.ceilDiv($0, 1000))) })
        let endMs = Self.ceilDiv(end, 1_000_000)
        q.add("endTs", String(max(1, endMs)))
        q.add("lookback", String(max(1, endMs - Self.floorDiv(start, 1_000_000))))
        q.add("limit", String(query.limit))
        let path = q.appended(to: "/api/v2/traces")
        let input = try decodeTraces(try await get(path), path)
        return SearchResult(summaries: TraceSummaries.of(input.set), traces: input.set, warnings: input.warnings)
    }
}
