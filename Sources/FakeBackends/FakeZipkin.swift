/// Zipkin's `/api/v2` (also under `/zipkin/api/v2`): µs times, ms windows, lower-cased names,
/// sorted name lists, plain-text errors.
struct FakeZipkin {
    let store: TraceStore

    func answer(_ fullPath: String, _ request: FakeRequest) -> FakeResponse {
        var path = fullPath
        if path.hasPrefix("/zipkin/api/") { path.removeFirst("/zipkin".count) }
        switch path {
        case "/health", "/actuator/health":
            return .json(raw("{\"status\":\"UP\",\"zipkin\":{\"status\":\"UP\",\"details\":{\"InMemoryStorage{}\":{\"status\":\"UP\"}}}}"))
        case "/zipkin/config.json":
            return .json(raw("{\"environment\":\"\",\"queryLimit\":10,\"defaultLookback\":900000,\"searchEnabled\":true,\"dependency\":{\"enabled\":true}}"))
        case "/api/v2/services":
            return names(Set(store.services.map { $0.lowercased() }).sorted())
        case "/api/v2/spans":
            guard let service = request.parameter("serviceName"), !service.isEmpty else { return error(400, "serviceName is required") }
            return names(Set(store.operations(service: service, caseInsensitive: true).map { $0.name.lowercased() }).sorted())
        case "/api/v2/remoteServices":
            guard let service = request.parameter("serviceName"), !service.isEmpty else { return error(400, "serviceName is required") }
            return names([])
        case "/api/v2/traces":
            return search(request)
        case "/api/v2/traceMany":
            let ids = (request.parameter("traceIds") ?? "").split(separator: ",").map(String.init)
            if ids.isEmpty { return error(400, "traceIds parameter is empty") }
            var seen = Set<String>()
            for id in ids {
                switch normalize(id) {
                case .failure(let problem): return error(400, problem.message)
                case .success(let normalized):
                    if !seen.insert(normalized).inserted { return error(400, "redundant traceId: \(normalized)") }
                }
            }
            if ids.count == 1 { return error(400, "Use /api/v2/trace/{traceId} endpoint to retrieve a single trace") }
            return traces(ids.compactMap { store.trace(id: $0) })
        default:
            guard path.hasPrefix("/api/v2/trace/") else { return .text("Status: 404\nDescription: Not Found", status: 404) }
            let id = percentDecoded(path.dropFirst("/api/v2/trace/".count))
            switch normalize(id) {
            case .failure(let problem): return error(400, problem.message)
            case .success(let normalized):
                guard let trace = store.trace(id: normalized) else { return error(404, "\(normalized) not found") }
                var out = JSONOut()
                writeSpans(trace, into: &out)
                return .json(out)
            }
        }
    }

    private func search(_ request: FakeRequest) -> FakeResponse {
        var values: [String: Int64] = [:]
        for name in ["endTs", "lookback", "limit", "minDuration", "maxDuration"] {
            guard let text = request.parameter(name), !text.isEmpty else { continue }
            guard let value = Int64(text) else { return error(400, "Bad Request") }
            values[name] = value
        }
        let endTs = values["endTs"] ?? nowNanos() / 1_000_000
        let lookback = values["lookback"] ?? 86_400_000
        let limit = values["limit"] ?? 10
        if endTs <= 0 { return error(400, "endTs <= 0") }
        if lookback <= 0 { return error(400, "lookback <= 0") }
        if limit <= 0 { return error(400, "limit <= 0") }
        if let min = values["minDuration"], min <= 0 { return error(400, "minDuration <= 0") }
        if let max = values["maxDuration"] {
            guard let min = values["minDuration"] else { return error(400, "maxDuration is only valid with minDuration") }
            if max < min { return error(400, "maxDuration < minDuration") }
        }
        var filter = SearchFilter(limit: Int(limit), caseInsensitiveNames: true)
        if let service = request.parameter("serviceName"), !service.isEmpty { filter.service = service.lowercased() }
        if let name = request.parameter("spanName"), !name.isEmpty, name != "all" { filter.operation = name.lowercased() }
        filter.minDuration = values["minDuration"].map { $0 * 1000 }
        filter.maxDuration = values["maxDuration"].map { $0 * 1000 }
        filter.end = endTs * 1_000_000
        filter.start = (endTs - lookback) * 1_000_000
        var keys: [String] = []
        for term in (request.parameter("annotationQuery") ?? "").components(separatedBy: " and ") where !term.isEmpty {
            let parts = term.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { filter.tags.append((String(parts[0]), String(parts[1]))) } else { keys.append(term) }
        }
        let found = store.search(filter).filter { trace in
            keys.allSatisfy { key in trace.spans.contains { $0.attributes.contains { $0.key == key } || (key == "error" && $0.error) } }
        }
        return traces(found)
    }

    /// Zipkin's `Span.normalizeTraceId` checks, with its messages.
    private func normalize(_ id: String) -> Result<String, Problem> {
        if id.isEmpty { return .failure(Problem("traceId is empty")) }
        if id.count > 32 { return .failure(Problem("traceId.length > 32")) }
        guard id.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            return .failure(Problem("\(id) should be lower-hex encoded with no prefix"))
        }
        if id.allSatisfy({ $0 == "0" }) { return .failure(Problem("traceId is all zeros")) }
        let width = id.count > 16 ? 32 : 16
        return .success(String(repeating: "0", count: width - id.count) + id)
    }

    struct Problem: Error {
        let message: String
        init(_ message: String) { self.message = message }
    }

    private func traces(_ traces: [FakeTrace]) -> FakeResponse {
        var out = JSONOut()
        out.array(traces) { out, trace in writeSpans(trace, into: &out) }
        return .json(out)
    }

    private func names(_ names: [String]) -> FakeResponse {
        var out = JSONOut()
        out.strings(names)
        var response = FakeResponse.json(out)
        if names.count > 3 { response.headers.append(("Cache-Control", "max-age=300, must-revalidate")) }
        return response
    }

    private func error(_ status: Int, _ message: String) -> FakeResponse {
        .text(message, status: status)
    }

    private func raw(_ text: String) -> JSONOut {
        var out = JSONOut()
        out.raw(text)
        return out
    }

    /// V2SpanWriter's field order; kind left out for local spans; `error` as a tag.
    private func writeSpans(_ trace: FakeTrace, into out: inout JSONOut) {
        out.array(trace.spans) { out, span in
            out.raw("{")
            out.field("traceId", trace.traceID, first: true)
            if let parent = span.parentID { out.field("parentId", parent) }
            out.field("id", span.spanID)
            if span.kind != .internal { out.field("kind", span.kind.rawValue.uppercased()) }
            out.field("name", span.name.lowercased())
            out.field("timestamp", span.start / 1000)
            out.field("duration", max(1, span.duration / 1000))
            out.raw(",\"localEndpoint\":{")
            out.field("serviceName", span.service.lowercased(), first: true)
            out.raw("}")
            if !span.attributes.isEmpty || span.error {
                out.raw(",\"tags\":{")
                var first = true
                for attribute in span.attributes {
                    out.field(attribute.key, attribute.value, first: first)
                    first = false
                }
                if span.error { out.field("error", "true", first: first) }
                out.raw("}")
            }
            out.raw("}")
        }
    }
}
