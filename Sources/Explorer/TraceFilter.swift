import TraceModel

/// The trace-list filter: whitespace-separated terms, all of which must match (`TraceFilter.guide`
/// lists them for the help and docs). A term that names an unknown field or cannot be read is
/// left out and reported (`problem`), never taken as a term that matches nothing.
struct TraceFilter {
    enum Term {
        case error, noError
        case duration(op: String, ns: Int64)
        case attribute(key: String, value: String)
        case text(String)
        case log(String)
        case service(String)
        case name(String)
        case traceID(String)
        /// A mistake, with what to say about it; matches everything.
        case invalid(String)
    }

    var terms: [Term]
    /// `key=value` or `log:` terms were left out (see `init`).
    var deferred = false
    /// The first term that could not be read, said with a suggestion.
    var problem: String? {
        for case .invalid(let m) in terms { return m }
        return nil
    }

    /// The language, one line per form: for `?` help, the README and docs/keybindings.md.
    static let guide: [(term: String, meaning: String)] = [
        ("word", "a service or span name containing it, or a trace id starting with it"),
        ("error  status=error", "traces with an error span (status=ok: without)"),
        ("duration>200ms  dur<=1s", "trace duration; > < >= <= =; ns us ms s m (bare number: ms)"),
        ("service=auth  svc=auth", "a span whose service name contains it (any case)"),
        ("name=GET  op=GET", "a span whose name contains it (any case)"),
        ("trace=4bf9", "the trace whose id starts with it"),
        ("key=value", "a span or resource attribute (key with a dot, e.g. http.method=GET)"),
        ("log:timeout", "a linked log whose body or attributes contain it (log: alone: any log)"),
    ]

    /// The guide as Markdown, for docs/keybindings.md.
    static var markdown: String {
        "The filter (`/`) keeps the traces that match every term (terms are separated by spaces; a name "
            + "with spaces is found by one of its words). An unknown field or a malformed term is named in the "
            + "status line with a suggestion and left out.\n\n| Term | Matches traces with |\n|---|---|\n"
            + guide.map { "| " + $0.term.split(separator: " ", omittingEmptySubsequences: true).map { "`\($0)`" }.joined(separator: " ")
                + " | " + $0.meaning + " |" }.joined(separator: "\n")
    }

    /// Field names the filter knows, for "did you mean".
    static let fields = ["service", "svc", "name", "op", "operation", "trace", "status", "duration", "dur", "error", "log"]

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
        // A comparison: only durations compare.
        if let opStart = lower.firstIndex(where: { $0 == "<" || $0 == ">" }) {
            return comparison(lower, field: String(lower[..<opStart]), rest: String(lower[opStart...]))
        }
        guard let eq = t.firstIndex(of: "="), eq != t.startIndex else { return .text(lower) }
        let key = String(t[..<eq]), value = String(t[t.index(after: eq)...])
        let field = key.lowercased(), v = value.lowercased()
        if field == "duration" || field == "dur" { return comparison(lower, field: field, rest: String(lower[lower.firstIndex(of: "=")!...])) }
        guard Self.fields.contains(field) else {
            // Attribute keys are dotted (or long); a short bare word close to a field is a typo.
            if !key.contains("."), let near = suggestion(field) {
                return .invalid("unknown field '\(key)' — did you mean \(near)=…?")
            }
            return .attribute(key: key, value: v)
        }
        guard !v.isEmpty else { return .invalid("'\(t)' needs a value after =, e.g. \(field)=\(example(field))") }
        switch field {
        case "service", "svc": return .service(v)
        case "name", "op", "operation": return .name(v)
        case "trace": return v.allSatisfy(\.isHexDigit) ? .traceID(v) : .invalid("'\(value)' is not a trace id prefix (hex digits)")
        case "status", "error":
            if v == "error" || v == "true" { return .error }
            if v == "ok" || v == "false" { return .noError }
            return .invalid("status is error or ok, not '\(value)'")
        default: return .invalid("\(field) takes no '=', e.g. \(example(field))")
        }
    }

    /// `duration>1s`, `dur<=200ms`: the field must be a duration and the value a time.
    static func comparison(_ term: String, field: String, rest: String) -> Term {
        guard field == "duration" || field == "dur" else {
            if let near = suggestion(field) { return .invalid("unknown field '\(field)' — did you mean \(near)?") }
            return .invalid("only duration compares with < and > ('\(term)')")
        }
        for op in [">=", "<=", ">", "<", "="] where rest.hasPrefix(op) {
            let value = String(rest.dropFirst(op.count))
            if let ns = parseDuration(value) { return .duration(op: op, ns: ns) }
            return .invalid("'\(value)' in '\(term)' is not a duration, e.g. duration>200ms or dur<1.5s")
        }
        return .invalid("'\(term)': use duration>, <, >=, <= or =")
    }

    static func example(_ field: String) -> String {
        switch field {
        case "trace": return "4bf9"
        case "status", "error": return "status=error"
        case "log": return "log:timeout"
        case "duration", "dur": return "duration>200ms"
        default: return "checkout"
        }
    }

    /// The known field nearest to `word` (at most two edits away), if any.
    static func suggestion(_ word: String) -> String? {
        guard word.count >= 2, word.count <= 12 else { return nil }
        let best = fields.map { ($0, distance(word, $0)) }.min { $0.1 < $1.1 }
        guard let best, best.1 > 0, best.1 <= (word.count <= 4 ? 1 : 2) else { return nil }
        // The aliases suggest the field they stand for.
        switch best.0 {
        case "svc": return "service"
        case "op", "operation": return "name"
        case "dur": return "duration"
        default: return best.0
        }
    }

    /// Levenshtein distance (short words only).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var prev = row[0]
            row[0] = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                let cur = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                prev = cur
            }
        }
        return a.isEmpty ? b.count : row[b.count]
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
            case .noError: return s.errorCount == 0
            case .text(let t):
                return s.haystack.contains(t) || s.traceID.hex.hasPrefix(t)
            case .service(let v):
                return s.services.contains(v)
            case .name(let v):
                return s.names.contains(v)
            case .traceID(let p):
                return s.traceID.hex.hasPrefix(p)
            case .invalid:
                return true
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
