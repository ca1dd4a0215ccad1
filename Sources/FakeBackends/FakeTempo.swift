import Foundation

/// Grafana Tempo's HTTP API as described in the reference (nothing taken from its source):
/// TraceQL search with unix-second windows of at most 168 h, summaries with hex ids whose
/// leading zeros are stripped, trace bodies with base64 ids and enum names, v1 `batches`,
/// the not-found quirks (v1: 404 empty body; v2: 200 with an empty trace), plain-text errors.
struct FakeTempo {
    let v2Traces: Bool
    let store: TraceStore

    static let maxLimit = 262_144
    static let maxWindowSeconds: Int64 = 168 * 3600

    func answer(_ path: String, _ request: FakeRequest) -> FakeResponse {
        switch path {
        case "/api/echo": return .text("echo\n", status: 200)
        case "/ready": return .text("ready\n", status: 200)
        case "/api/status/buildinfo":
            var out = JSONOut()
            out.raw("{")
            out.field("version", v2Traces ? "2.9.0" : "1.5.0", first: true)
            out.field("revision", "fake")
            out.field("branch", "HEAD")
            out.field("buildUser", "")
            out.field("buildDate", "")
            out.field("goVersion", "go1.24.0")
            out.raw("}")
            return .json(out)
        case "/api/search": return search(request)
        case "/api/v2/search/tags": return scopedTags()
        case "/api/search/tags":
            var out = JSONOut()
            out.raw("{\"tagNames\":")
            out.strings(["service.name"] + attributeKeys())
            out.raw("}")
            return .json(out)
        default:
            break
        }
        let parts = path.split(separator: "/").map { percentDecoded($0) }
        func match(_ pattern: [String]) -> String? { matchPath(parts, pattern) }
        if let tag = match(["api", "v2", "search", "tag", "*", "values"]) {
            return tagValues(tag, request, scoped: true)
        } else if let tag = match(["api", "search", "tag", "*", "values"]) {
            return tagValues(tag, request, scoped: false)
        } else if let id = match(["api", "v2", "traces", "*"]), v2Traces {
            return trace(id, v2: true)
        } else if let id = match(["api", "traces", "*"]) {
            return trace(id, v2: false)
        } else {
            return .goNotFound
        }
    }

    // MARK: search

    private func search(_ request: FakeRequest) -> FakeResponse {
        let q = request.parameter("q")
        let tags = request.parameter("tags")
        if q != nil && tags != nil { return bad("invalid request: can't specify tags and q in the same query") }
        var limit = 20
        if let text = request.parameter("limit") {
            guard let value = Int(text), value >= 0 else { return bad("invalid limit: strconv.Atoi: parsing \(goQuote(text)): invalid syntax") }
            if value > Self.maxLimit { return bad("limit \(value) exceeds max limit \(Self.maxLimit)") }
            if value > 0 { limit = value }
        }
        var spss = 3
        if let text = request.parameter("spss") {
            guard let value = Int(text), value >= 0 else { return bad("invalid spss: strconv.Atoi: parsing \(goQuote(text)): invalid syntax") }
            if value > 100 { return bad("spans per span set exceeds 100. received \(value)") }
            if value > 0 { spss = value }
        }
        var bounds: [String: Int64] = [:]
        for name in ["start", "end"] {
            guard let text = request.parameter(name) else { continue }
            guard let value = UInt64(text) else {
                return bad("invalid \(name): strconv.ParseUint: parsing \(goQuote(text)): invalid syntax")
            }
            guard value <= UInt64(UInt32.max) else {
                return bad("invalid \(name): strconv.ParseUint: parsing \(goQuote(text)): value out of range")
            }
            bounds[name] = Int64(value)
        }
        if let start = bounds["start"], let end = bounds["end"] {
            if end <= start { return bad("http parameter start must be before end. received start=\(start) end=\(end)") }
            if end - start > Self.maxWindowSeconds {
                return bad("range specified by start and end exceeds 168h0m0s. received start=\(start) end=\(end)")
            }
        }
        var durations: [String: Int64] = [:]
        for name in ["minDuration", "maxDuration"] {
            guard let text = request.parameter(name), !text.isEmpty else { continue }
            guard let ns = parseGoDuration(text) else { return bad("invalid \(name): time: invalid duration \(goQuote(text))") }
            durations[name] = ns / 1_000_000 * 1_000_000
        }
        if let min = durations["minDuration"], let max = durations["maxDuration"], max < min {
            return bad("invalid maxDuration: must be greater than minDuration")
        }
        let query: TraceQL
        switch TraceQL.parse(q ?? "{}") {
        case .failure(let error): return bad(error.message)
        case .success(let parsed): query = parsed
        }
        let tagPairs = logfmt(tags ?? "")
        var results: [(trace: FakeTrace, spans: [FakeSpan])] = []
        for trace in store.traces {
            if let start = bounds["start"], trace.end < start * 1_000_000_000 { continue }
            if let end = bounds["end"], trace.start > end * 1_000_000_000 { continue }
            if let min = durations["minDuration"], trace.duration < min { continue }
            if let max = durations["maxDuration"], trace.duration > max { continue }
            var spans = query.matchingSpans(trace)
            if !tagPairs.isEmpty {
                // `tags=` matches attribute values by substring, on any span.
                spans = spans.filter { span in
                    tagPairs.allSatisfy { pair in
                        pair.key == "service.name" ? span.service.contains(pair.value)
                            : pair.key == "name" ? span.name.contains(pair.value)
                            : span.attributes.contains { $0.key == pair.key && $0.value.contains(pair.value) }
                    }
                }
            }
            if !spans.isEmpty { results.append((trace, spans)) }
        }
        results.sort { $0.trace.start > $1.trace.start }
        let shown = results.prefix(limit)
        var out = JSONOut()
        out.raw("{\"traces\":")
        out.array(shown) { out, result in writeSummary(result.trace, spans: result.spans, query: query, spss: spss, into: &out) }
        let bytes = store.traces.reduce(0) { $0 + $1.spans.count * 180 }
        out.raw(",\"metrics\":{\"inspectedBytes\":\"\(bytes)\",\"totalBlocks\":1,\"completedJobs\":1,\"totalJobs\":1,\"totalBlockBytes\":\"\(bytes)\"}}")
        return .json(out)
    }

    private func writeSummary(_ trace: FakeTrace, spans: [FakeSpan], query: TraceQL, spss: Int, into out: inout JSONOut) {
        let root = trace.root
        out.raw("{")
        out.field("traceID", stripZeros(trace.traceID), first: true)
        out.field("rootServiceName", root?.service ?? "<root span not yet received>")
        if let root { out.field("rootTraceName", root.name) }
        out.field("startTimeUnixNano", String(trace.start))
        let ms = trace.duration / 1_000_000
        if ms > 0 { out.field("durationMs", ms) }
        let touched = query.touchedAttributes
        var set = JSONOut()
        set.raw("{\"spans\":")
        set.array(spans.prefix(spss)) { out, span in
            out.raw("{")
            out.field("spanID", String(repeating: "0", count: max(0, 16 - span.spanID.count)) + span.spanID, first: true)
            if query.touchesName { out.field("name", span.name) }
            out.field("startTimeUnixNano", String(span.start))
            out.field("durationNanos", String(span.duration))
            let attributes = touched.compactMap { key in
                key == "service.name" ? (key, span.service) : span.attributes.first { $0.key == key }.map { (key, $0.value) }
            }
            if !attributes.isEmpty {
                out.key("attributes")
                out.array(attributes) { out, attribute in
                    out.raw("{")
                    out.field("key", attribute.0, first: true)
                    out.raw(",\"value\":{")
                    out.field("stringValue", attribute.1, first: true)
                    out.raw("}}")
                }
            }
            out.raw("}")
        }
        set.field("matched", Int64(spans.count))
        set.raw("}")
        // The deprecated `spanSet` is still sent beside `spanSets`.
        out.key("spanSet")
        out.bytes += set.bytes
        out.key("spanSets")
        out.raw("[")
        out.bytes += set.bytes
        out.raw("]")
        out.key("serviceStats")
        out.raw("{")
        for (i, service) in trace.services.enumerated() {
            let serviceSpans = trace.spans.filter { $0.service == service }
            out.key(service, first: i == 0)
            out.raw("{")
            out.field("spanCount", Int64(serviceSpans.count), first: true)
            let errors = serviceSpans.count { $0.error }
            if errors > 0 { out.field("errorCount", Int64(errors)) }
            out.raw("}")
        }
        out.raw("}}")
    }

    /// `k=v k2="a b"`.
    private func logfmt(_ text: String) -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0 == " " }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = String(rest[..<equals])
            rest = rest[rest.index(after: equals)...]
            var value: Substring
            if rest.hasPrefix("\"") {
                rest = rest.dropFirst()
                let close = rest.firstIndex(of: "\"") ?? rest.endIndex
                value = rest[..<close]
                rest = close < rest.endIndex ? rest[rest.index(after: close)...] : ""
            } else {
                let space = rest.firstIndex(of: " ") ?? rest.endIndex
                value = rest[..<space]
                rest = rest[space...]
            }
            pairs.append((key, String(value)))
        }
        return pairs
    }

    // MARK: tags

    private func attributeKeys() -> [String] {
        var seen = Set<String>()
        return store.traces.flatMap { $0.spans.flatMap { $0.attributes.map(\.key) } }.filter { seen.insert($0).inserted }
    }

    private func scopedTags() -> FakeResponse {
        var out = JSONOut()
        out.raw("{\"scopes\":[{\"name\":\"resource\",\"tags\":[\"service.name\"]},{\"name\":\"span\",\"tags\":")
        out.strings(attributeKeys())
        out.raw("},{\"name\":\"intrinsic\",\"tags\":[\"duration\",\"kind\",\"name\",\"rootName\",\"rootServiceName\",\"status\",\"statusMessage\",\"traceDuration\"]}],\"metrics\":{}}")
        return .json(out)
    }

    private func tagValues(_ tag: String, _ request: FakeRequest, scoped: Bool) -> FakeResponse {
        // An unparsable q gives the unfiltered list, not an error.
        let filter = request.parameter("q").flatMap { try? TraceQL.parse($0).get() } ?? TraceQL(conditions: [])
        var seen = Set<String>()
        var values: [String] = []
        for trace in store.traces {
            for span in filter.matchingSpans(trace) {
                let value: String?
                switch tag {
                case "resource.service.name", "service.name", ".service.name": value = span.service
                case "name": value = span.name
                case "kind": value = span.kind.rawValue
                case "status": value = span.error ? "error" : "unset"
                default:
                    let key = ["span.", "resource.", "."].first(where: tag.hasPrefix).map { String(tag.dropFirst($0.count)) } ?? tag
                    value = span.attributes.first { $0.key == key }?.value
                }
                if let value, seen.insert(value).inserted { values.append(value) }
            }
        }
        var out = JSONOut()
        if scoped {
            out.raw("{\"tagValues\":")
            out.array(values) { out, value in
                out.raw("{\"type\":\"\(tag == "kind" || tag == "status" ? "keyword" : "string")\"")
                out.field("value", value)
                out.raw("}")
            }
            out.raw(",\"metrics\":{}}")
        } else {
            out.raw("{\"tagValues\":")
            out.strings(values)
            out.raw("}")
        }
        return .json(out)
    }

    // MARK: trace by id

    private func trace(_ id: String, v2: Bool) -> FakeResponse {
        if id.count > 32 { return bad("trace IDs can't be larger than 128 bits") }
        if let index = id.firstIndex(where: { !$0.isHexDigit }) {
            let position = id.distance(from: id.startIndex, to: index)
            return bad("trace IDs can only contain hex characters: invalid character '\(id[index])' at position \(position + 1)")
        }
        let found = store.trace(id: id)
        var out = JSONOut(capacity: (found?.spans.count ?? 0) * 320 + 64)
        if v2 {
            out.raw("{\"trace\":{")
            if let found { OTLPWriter(dialect: .tempo).resourceSpans([found], key: "resourceSpans", into: &out) }
            out.raw("},\"metrics\":{\"inspectedBytes\":\"\(found.map { $0.spans.count * 180 } ?? 0)\"}}")
            return .json(out)
        }
        guard let found else {
            return FakeResponse(status: 404, body: [], compressible: false)
        }
        out.raw("{")
        OTLPWriter(dialect: .tempo).resourceSpans([found], key: "batches", into: &out)
        out.raw("}")
        return .json(out)
    }

    private func bad(_ message: String) -> FakeResponse {
        .text(message + "\n", status: 400)
    }
}
