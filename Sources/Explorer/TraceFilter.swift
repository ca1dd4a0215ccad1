import TraceModel

/// The trace-list filter: whitespace-separated terms, all of which must match. A term is
/// `error`, `duration>200ms` (also `<`, `>=`, `<=`, `=`; units ns/us/µs/ms/s/m), `key=value`
/// (any span or resource attribute, value compared case-insensitively), or text found in a
/// service or span name or the trace id. `log:TEXT` matches traces with a log whose body or
/// attributes contain TEXT.
struct TraceFilter {
    enum Term {
        case error
        case duration(op: String, ns: Int64)
        case attribute(key: String, value: String)
        case text(String)
        case log(String)
    }

    var terms: [Term]
    /// `key=value` or `log:` terms were left out (see `init`).
    var deferred = false

    /// - Parameter deferHeavy: leave out the terms that read every span's details or every log
    ///   record (`key=value`, `log:`): on large inputs they run on `<Enter>`, not per keystroke.
    init(_ query: String, deferHeavy: Bool = false) {
        terms = query.split(whereSeparator: { $0 == " " }).map { Self.term(String($0)) }
        if deferHeavy {
            let all = terms.count
            terms.removeAll {
                switch $0 {
                case .attribute, .log: return true
                default: return false
                }
            }
            deferred = terms.count != all
        }
    }

    static func term(_ t: String) -> Term {
        let lower = t.lowercased()
        if lower == "error" || lower == "errors" { return .error }
        if lower.hasPrefix("log:") { return .log(String(lower.dropFirst(4))) }
        if lower.hasPrefix("duration") {
            let rest = lower.dropFirst("duration".count)
            for op in [">=", "<=", ">", "<", "="] where rest.hasPrefix(op) {
                if let ns = parseDuration(String(rest.dropFirst(op.count))) { return .duration(op: op, ns: ns) }
            }
        }
        if let eq = t.firstIndex(of: "="), eq != t.startIndex {
            return .attribute(key: String(t[..<eq]), value: String(t[t.index(after: eq)...]).lowercased())
        }
        return .text(lower)
    }

    /// "200ms" → 200_000_000; a bare number is milliseconds.
    static func parseDuration(_ s: String) -> Int64? {
        let digits = s.prefix(while: { $0.isNumber || $0 == "." })
        guard let v = Double(digits) else { return nil }
        let unit = s.dropFirst(digits.count)
        let scale: Double
        switch unit {
        case "ns": scale = 1
        case "us", "µs": scale = 1e3
        case "", "ms": scale = 1e6
        case "s": scale = 1e9
        case "m", "min": scale = 60e9
        default: return nil
        }
        return Int64(v * scale)
    }

    func matches(_ s: TraceSummary, data: ExplorerData) -> Bool {
        terms.allSatisfy { term in
            switch term {
            case .error: return s.errorCount > 0
            case .duration(let op, let ns):
                switch op {
                case ">": return s.duration > ns
                case "<": return s.duration < ns
                case ">=": return s.duration >= ns
                case "<=": return s.duration <= ns
                default: return s.duration == ns
                }
            case .text(let t):
                return s.haystack.contains(t) || s.traceID.hex.hasPrefix(t)
            case .attribute(let key, let value):
                return Self.hasAttribute(data, trace: s.index, key: key, value: value)
            case .log(let t):
                return data.traceLogsContain(s.index, t)
            }
        }
    }

    /// Decodes details of the trace's spans until one carries the attribute.
    static func hasAttribute(_ data: ExplorerData, trace: Int, key: String, value: String) -> Bool {
        let set = data.set
        let hit: ([Attribute]) -> Bool = { attrs in
            attrs.contains { $0.key == key && $0.value.text.lowercased() == value }
        }
        for n in data.analysis.trees[trace].nodes {
            let span = set.spans[n.spanIndex]
            if let r = set.resource(span.resource), hit(r.attributes) { return true }
            if hit(set.details(span).attributes) { return true }
        }
        return false
    }
}
