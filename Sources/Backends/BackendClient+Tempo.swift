import TraceFormats
import TraceModel

/// Tempo: TraceQL search over unix-second windows of at most 168 h (the default
/// `max_search_duration`), trace by id through `/api/v2/traces` or the v1 route.
extension BackendClient {
    /// Tempo's default longest search window.
    static let tempoMaxWindow: Int64 = 168 * 3600
    static let tempoMaxWindows = 53

    func tempoServices() async throws(BackendError) -> [String] {
        let v2 = "/api/v2/search/tag/resource.service.name/values"
        let response = try await get(v2)
        if response.status == 404 || ResponseErrors.isHTML(response) {
            return try await json("/api/search/tag/service.name/values")["tagValues"]?.strings ?? []
        }
        return (try decodeJSON(response, v2)["tagValues"]?.array ?? []).compactMap { $0["value"]?.string }
    }

    func tempoOperations(service: String) async throws(BackendError) -> [String] {
        var q = QueryString()
        q.add("q", "{ resource.service.name = \(Self.traceQLString(service)) }")
        let v2 = q.appended(to: "/api/v2/search/tag/name/values")
        let response = try await get(v2)
        if response.status == 404 || ResponseErrors.isHTML(response) {
            // v1 cannot filter by service: all span names.
            return try await json("/api/search/tag/name/values")["tagValues"]?.strings ?? []
        }
        return (try decodeJSON(response, v2)["tagValues"]?.array ?? []).compactMap { $0["value"]?.string }
    }

    func tempoSearch(_ query: SearchQuery, now: Int64) async throws(BackendError) -> SearchResult {
        let (start, end) = query.bounds(now: now)
        let traceQL = query.traceQL ?? Self.traceQL(for: query)
        var summaries: [TraceSummary] = []
        var seen = Set<TraceID>()
        var warnings: [String] = []
        // Newest window first; every trace of a window is newer than those of the next one,
        // so the search stops as soon as the limit is reached.
        let windows = Self.tempoWindows(start: start, end: end)
        if windows.count == Self.tempoMaxWindows, windows.last.map({ $0.0 > Self.floorDiv(start, 1_000_000_000) }) == true {
            warnings.append("searched the newest \(Self.tempoMaxWindows) weeks of the window only (\(Self.tempoMaxWindows) Tempo searches)")
        }
        for (from, to) in windows where summaries.count < query.limit {
            // A long window is many requests: a cancelled search stops between them.
            if Task.isCancelled { throw BackendError(.cancelled, "search cancelled") }
            var q = QueryString()
            q.add("q", traceQL)
            q.add("start", String(from))
            q.add("end", String(to))
            q.add("limit", String(query.limit - summaries.count))
            let json = try await json(q.appended(to: "/api/search"))
            for item in json["traces"]?.array ?? [] {
                guard let s = Self.tempoSummary(item), seen.insert(s.traceID).inserted else { continue }
                summaries.append(s)
            }
            if let done = json["metrics"]?["completedJobs"]?.int64, let total = json["metrics"]?["totalJobs"]?.int64, done < total {
                warnings.append("partial result: Tempo completed \(done) of \(total) search jobs")
            }
        }
        return SearchResult(summaries: summaries, warnings: warnings)
    }

    /// [start, end] in unix seconds, cut into consecutive windows of at most 168 h, newest
    /// first; at most `tempoMaxWindows` of them (a year: beyond any usual retention).
    static func tempoWindows(start: Int64, end: Int64) -> [(Int64, Int64)] {
        let from = floorDiv(start, 1_000_000_000)
        var to = max(ceilDiv(end, 1_000_000_000), from + 1)
        var windows: [(Int64, Int64)] = []
        while to > from, windows.count < tempoMaxWindows {
            let low = max(from, to - tempoMaxWindow)
            windows.append((low, to))
            to = low
        }
        return windows
    }

    /// One `/api/search` item. Ids arrive with leading zeros stripped; `durationMs` is absent
    /// below 1 ms; counts come from `serviceStats` when the server sends them.
    static func tempoSummary(_ item: SmallJSON) -> TraceSummary? {
        guard let idText = item["traceID"]?.string, let id = TraceID(idText) else { return nil }
        let stats = item["serviceStats"]?.members ?? []
        func total(_ key: String) -> Int? {
            stats.isEmpty ? nil : stats.reduce(0) { $0 + count($1.1[key]?.int64 ?? 0) }
        }
        let spanCount = total("spanCount")
        let errorCount = total("errorCount")
        let ms = item["durationMs"]?.int64 ?? 0
        return TraceSummary(traceID: id, start: ModelTime.clamp(item["startTimeUnixNano"]?.int64 ?? 0),
                            duration: ModelTime.clampDuration(ModelTime.scaled(ms, by: 1_000_000)),
                            rootService: item["rootServiceName"]?.string ?? "", rootName: item["rootTraceName"]?.string ?? "",
                            spanCount: spanCount, errorCount: errorCount, services: stats.map(\.0).sorted())
    }

    func tempoTrace(_ id: TraceID, v2: Bool, progress: (@Sendable (Int, Int?) -> Void)?) async throws(BackendError) -> FetchedTrace {
        let path = (v2 ? "/api/v2/traces/" : "/api/traces/") + id.hex32
        let response = try await get(path, progress: progress)
        if response.status == 404 { throw notFound(id, response, path) }
        if response.status == 422 {
            throw BackendError(.badResponse, "\(ResponseErrors.location(transport, path)): trace too large for Tempo: \(ResponseErrors.backendText(response))", status: 422)
        }
        // A v2 body without a trace (`{}`, `{"metrics":…}`, `{"trace":{}}`) is Tempo's "not found".
        // Its `status` and `message` (a partial trace) are read by the decoder, which warns.
        if v2, (200..<300).contains(response.status), !ResponseErrors.isHTML(response), !Self.tempoHasTrace(response.body) {
            throw notFound(id, response, path)
        }
        let input = try decodeTraces(response, path)
        if input.set.spans.isEmpty { throw notFound(id, response, path) }
        return FetchedTrace(traceID: id, set: input.set, bytes: response.body.count, warnings: input.warnings)
    }

    /// Whether a v2 body's `trace` member holds anything. Stops at that member: the trace itself
    /// (all but a few bytes of the body) is read once, by the decoder.
    static func tempoHasTrace(_ body: [UInt8]) -> Bool {
        body.withUnsafeBufferPointer { buffer in
            var s = JSONScanner(buffer)
            do throws(JSONError) {
                try s.beginObject()
                var first = true
                while let key = try s.nextKey(first: &first) {
                    if s.string(key, equals: "trace") {
                        guard s.nextKind() == .object else { return false }
                        s.pos += 1
                        return s.peek() != 0x7D
                    }
                    try s.skipValue()
                }
                return false
            } catch {
                // A broken body is the decoder's to report, with its offset.
                return true
            }
        }
    }
}
