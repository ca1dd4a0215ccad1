import Foundation

/// Grafana Loki's `query_range` for the log lines of a trace: a stream selector on
/// `service_name` (or `job`), line filters `|= "…"`, `!= "…"`, `|~ "…"`, windows in Unix ns,
/// answers as `streams` with `[ns-string, line]` values, newest first by default.
struct FakeLoki {
    let store: TraceStore

    static let maxEntries = 5000

    func answer(_ path: String, _ request: FakeRequest) -> FakeResponse {
        switch path {
        case "/ready": return .text("ready\n", status: 200)
        case "/loki/api/v1/labels":
            var out = JSONOut()
            out.raw("{\"status\":\"success\",\"data\":[\"job\",\"service_name\"]}")
            return .json(out)
        case "/loki/api/v1/label/service_name/values", "/loki/api/v1/label/job/values":
            var out = JSONOut()
            out.raw("{\"status\":\"success\",\"data\":")
            out.strings(store.services.sorted())
            out.raw("}")
            return .json(out)
        case "/loki/api/v1/query_range":
            return queryRange(request)
        default:
            return .goNotFound
        }
    }

    private struct Query {
        var labels: [(name: String, op: String, value: String)] = []
        var filters: [(op: String, text: String)] = []
    }

    private func queryRange(_ request: FakeRequest) -> FakeResponse {
        guard let text = request.parameter("query"), !text.isEmpty else {
            return .text("parse error : syntax error: unexpected $end\n", status: 400)
        }
        guard let query = parse(text) else {
            return .text("parse error at line 1, col 1: syntax error: unexpected IDENTIFIER\n", status: 400)
        }
        var limit = 100
        if let value = request.parameter("limit") {
            guard let number = Int(value), number > 0 else { return .text("invalid limit: \(value)\n", status: 400) }
            if number > Self.maxEntries {
                return .text("max entries limit per query exceeded, limit > max_entries_limit_per_query (\(number) > \(Self.maxEntries))\n", status: 400)
            }
            limit = number
        }
        let now = nowNanos()
        let start = request.parameter("start").flatMap(timestamp) ?? now - 3_600_000_000_000
        let end = request.parameter("end").flatMap(timestamp) ?? now
        let forward = request.parameter("direction") == "forward"
        var entries: [(service: String, ns: Int64, line: String)] = []
        for trace in store.traces {
            for span in trace.spans {
                for (i, line) in span.logs.enumerated() {
                    let ns = span.start + Int64(i)
                    guard ns >= start, ns < end, matches(query, service: span.service, line: line) else { continue }
                    entries.append((span.service, ns, line))
                }
            }
        }
        entries.sort { forward ? $0.ns < $1.ns : $0.ns > $1.ns }
        entries = Array(entries.prefix(limit))
        var streams: [(service: String, values: [(Int64, String)])] = []
        var index: [String: Int] = [:]
        for entry in entries {
            if let i = index[entry.service] {
                streams[i].values.append((entry.ns, entry.line))
            } else {
                index[entry.service] = streams.count
                streams.append((entry.service, [(entry.ns, entry.line)]))
            }
        }
        var out = JSONOut()
        out.raw("{\"status\":\"success\",\"data\":{\"resultType\":\"streams\",\"result\":")
        out.array(streams) { out, stream in
            out.raw("{\"stream\":{")
            out.field("service_name", stream.service, first: true)
            out.raw("},\"values\":")
            out.array(stream.values) { out, value in
                out.raw("[")
                out.string(String(value.0))
                out.raw(",")
                out.string(value.1)
                out.raw("]")
            }
            out.raw("}")
        }
        out.raw(",\"stats\":{\"summary\":{\"totalEntriesReturned\":\(entries.count)}}}}")
        return .json(out)
    }

    /// Unix ns, RFC 3339, or float seconds, as Loki accepts.
    private func timestamp(_ text: String) -> Int64? {
        if let ns = Int64(text) { return text.count > 12 ? ns : ns * 1_000_000_000 }
        if let seconds = Double(text) { return Int64(seconds * 1e9) }
        return parseRFC3339(text)
    }

    private func parse(_ text: String) -> Query? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix("{"), let close = trimmed.firstIndex(of: "}") else { return nil }
        var query = Query()
        let selector = trimmed[trimmed.index(after: trimmed.startIndex)..<close]
        for matcher in selector.split(separator: ",") {
            let term = matcher.trimmingCharacters(in: .whitespaces)
            guard let op = ["!=", "=~", "!~", "="].first(where: { term.contains($0) }), let range = term.range(of: op) else { return nil }
            let name = term[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let value = term[range.upperBound...].trimmingCharacters(in: .whitespaces)
            guard value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 else { return nil }
            query.labels.append((name, op, String(value.dropFirst().dropLast())))
        }
        guard !query.labels.isEmpty else { return nil }
        var rest = trimmed[trimmed.index(after: close)...].trimmingCharacters(in: .whitespaces)[...]
        while !rest.isEmpty {
            guard let op = ["|=", "!=", "|~", "!~"].first(where: { rest.hasPrefix($0) }) else { return nil }
            rest = rest.dropFirst(2).drop { $0 == " " }
            // A Go-quoted string or a backtick raw string.
            guard let quote = rest.first, quote == "\"" || quote == "`" else { return nil }
            rest = rest.dropFirst()
            guard let end = rest.firstIndex(of: quote) else { return nil }
            query.filters.append((op, String(rest[..<end]).replacingOccurrences(of: "\\\"", with: "\"")))
            rest = rest[rest.index(after: end)...].drop { $0 == " " }
        }
        return query
    }

    private func matches(_ query: Query, service: String, line: String) -> Bool {
        for label in query.labels {
            let actual = (label.name == "service_name" || label.name == "job" || label.name == "service") ? service : ""
            switch label.op {
            case "=": if actual != label.value { return false }
            case "!=": if actual == label.value { return false }
            case "=~": if !regex(label.value, actual) { return false }
            default: if regex(label.value, actual) { return false }
            }
        }
        for filter in query.filters {
            switch filter.op {
            case "|=": if !line.contains(filter.text) { return false }
            case "!=": if line.contains(filter.text) { return false }
            case "|~": if !regex(filter.text, line, anchored: false) { return false }
            default: if regex(filter.text, line, anchored: false) { return false }
            }
        }
        return true
    }

    private func regex(_ pattern: String, _ text: String, anchored: Bool = true) -> Bool {
        guard let expression = try? NSRegularExpression(pattern: anchored ? "^(?:\(pattern))$" : pattern) else { return false }
        return expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
