/// A word of a query line that could not be read: which word, where, and why.
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based column (in characters) where the word starts.
    public var column: Int
    /// The word as typed (control characters replaced, long words shortened).
    public var word: String
    public var reason: String

    public init(column: Int, word: String, reason: String) {
        self.column = column
        self.word = QueryError.printable(word)
        self.reason = reason
    }

    /// E.g. `column 9: min=abc: not a duration (e.g. 200ms, 1.5s, 1h30m)`.
    public var description: String { "column \(column): \(word): \(reason)" }

    private static func printable(_ text: String) -> String {
        var out = String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : Character($0) })
        if out.count > 60 { out = String(out.prefix(59)) + "…" }
        return out
    }
}

/// The query line of the explorer and the CLI (docs/backend-client.md):
/// `service=frontend operation="GET /cart" http.status_code=500 min=200ms since=2h limit=50`,
/// or raw TraceQL when the text starts with `{`.
extension SearchQuery {
    /// Reads a query line. The filters (service, operation, tags, durations, TraceQL) are exactly
    /// what the text says; the window and the limit come from `defaults` unless the text gives
    /// them. `now` (Unix ns) closes a window given only by `start=`.
    public static func parse(_ text: String, defaults: SearchQuery = SearchQuery(), now: Int64) -> Result<SearchQuery, QueryError> {
        var query = SearchQuery(window: defaults.window, limit: defaults.limit)
        let trimmed = text.trimmingWhitespace
        if trimmed.hasPrefix("{") {
            query.traceQL = trimmed
            return .success(query)
        }
        let words: [QueryWord]
        switch QueryWord.split(text) {
        case .success(let w): words = w
        case .failure(let e): return .failure(e)
        }
        var reader = QueryReader(query: query, now: now)
        for word in words {
            if let error = reader.read(word) { return .failure(error) }
        }
        return reader.finish()
    }

    /// The canonical query line: `parse(text)` gives this query back (for TraceQL, with the
    /// window and limit taken from `defaults`, as TraceQL cannot carry them).
    public var text: String {
        if let traceQL { return traceQL }
        var words: [String] = []
        if let service { words.append("service=" + QueryWord.quoted(service, key: false)) }
        if let operation { words.append("operation=" + QueryWord.quoted(operation, key: false)) }
        for tag in tags { words.append(QueryWord.quoted(tag.key, key: true) + "=" + QueryWord.quoted(tag.value, key: false)) }
        if let minDuration { words.append("min=" + Durations.format(minDuration)) }
        if let maxDuration { words.append("max=" + Durations.format(maxDuration)) }
        switch window {
        case .lookback(let ns): words.append("since=" + Durations.format(ns))
        case .between(let start, let end): words.append("start=" + RFC3339.format(start) + " end=" + RFC3339.format(end))
        }
        words.append("limit=\(limit)")
        return words.joined(separator: " ")
    }
}

/// One `key=value` word after unquoting.
struct QueryWord {
    var key: String
    var value: String
    /// The key was quoted: always a tag, even when it spells a reserved name.
    var keyQuoted: Bool
    var raw: String
    var column: Int

    /// Whitespace separates words except inside double quotes; `\"` and `\\` escape inside quotes.
    static func split(_ text: String) -> Result<[QueryWord], QueryError> {
        let chars = Array(text)
        var words: [QueryWord] = []
        var i = 0
        while i < chars.count {
            if chars[i].isWhitespace {
                i += 1
                continue
            }
            let start = i
            var key = ""
            var value = ""
            var seenEquals = false
            var keyQuoted = false
            while i < chars.count, !chars[i].isWhitespace {
                let c = chars[i]
                if c == "\"" {
                    let quoteAt = i
                    i += 1
                    var closed = false
                    while i < chars.count {
                        if chars[i] == "\\", i + 1 < chars.count, chars[i + 1] == "\"" || chars[i + 1] == "\\" {
                            if seenEquals { value.append(chars[i + 1]) } else { key.append(chars[i + 1]) }
                            i += 2
                            continue
                        }
                        if chars[i] == "\"" {
                            closed = true
                            i += 1
                            break
                        }
                        if seenEquals { value.append(chars[i]) } else { key.append(chars[i]) }
                        i += 1
                    }
                    if !closed {
                        return .failure(QueryError(column: quoteAt + 1, word: String(chars[start...]), reason: "unterminated quote"))
                    }
                    if !seenEquals { keyQuoted = true }
                    continue
                }
                if c == "=", !seenEquals {
                    seenEquals = true
                } else if seenEquals {
                    value.append(c)
                } else {
                    key.append(c)
                }
                i += 1
            }
            let raw = String(chars[start..<i])
            guard seenEquals else {
                return .failure(QueryError(column: start + 1, word: raw, reason: "expected key=value (e.g. service=frontend, min=200ms, since=1h)"))
            }
            words.append(QueryWord(key: key, value: value, keyQuoted: keyQuoted, raw: raw, column: start + 1))
        }
        return .success(words)
    }

    /// Quotes when the text would not read back as itself: whitespace, quotes, backslashes, an
    /// empty text; for keys also `=`, a leading `{` and reserved names (which would not be a tag).
    static func quoted(_ text: String, key: Bool) -> String {
        let needs = text.isEmpty || text.contains { $0.isWhitespace || $0 == "\"" || $0 == "\\" }
            || (key && (text.contains("=") || text.hasPrefix("{") || QueryReader.Field(text) != nil))
        guard needs else { return text }
        var out = "\""
        for c in text {
            if c == "\"" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out + "\""
    }
}

/// Applies words to a query, remembering which fields were given (each at most once).
struct QueryReader {
    enum Field: Hashable {
        case service, operation, min, max, since, start, end, limit

        init?(_ key: String) {
            switch key.lowercased() {
            case "service", "svc": self = .service
            case "operation", "op", "name": self = .operation
            case "min", "minduration": self = .min
            case "max", "maxduration": self = .max
            case "since", "last", "lookback": self = .since
            case "start": self = .start
            case "end": self = .end
            case "limit": self = .limit
            default: return nil
            }
        }
    }

    var query: SearchQuery
    let now: Int64
    var seen: [Field: QueryWord] = [:]
    var lookback: Int64?
    var start: Int64?
    var end: Int64?

    init(query: SearchQuery, now: Int64) {
        self.query = query
        self.now = now
    }

    mutating func read(_ word: QueryWord) -> QueryError? {
        func fail(_ reason: String) -> QueryError { QueryError(column: word.column, word: word.raw, reason: reason) }
        guard !word.key.isEmpty else { return fail("missing key before =") }
        guard !word.value.isEmpty else { return fail("missing value after =") }
        guard !word.keyQuoted, let field = Field(word.key) else {
            query.tags.append(SearchQuery.Tag(word.key, word.value))
            return nil
        }
        if let earlier = seen[field] { return fail("given twice (also at column \(earlier.column))") }
        seen[field] = word
        switch field {
        case .service: query.service = word.value
        case .operation: query.operation = word.value
        case .min, .max, .since:
            guard let ns = Durations.parse(word.value) else { return fail("not a duration (e.g. 200ms, 1.5s, 1h30m, 2d)") }
            switch field {
            case .min: query.minDuration = ns
            case .max: query.maxDuration = ns
            default:
                guard ns > 0 else { return fail("the window must be longer than 0s") }
                lookback = ns
            }
        case .start, .end:
            guard let ns = Self.time(word.value) else {
                return fail(word.value.allSatisfy(\.isNumber) && word.value.count > 11
                    ? "looks like milliseconds; give Unix seconds or RFC 3339"
                    : "not a time from 1970 to 2262 (RFC 3339 like 2026-12-01T10:00:00Z, or Unix seconds)")
            }
            if field == .start { start = ns } else { end = ns }
        case .limit:
            guard let n = Int(word.value), n >= 1, n <= 262_144 else { return fail("not a limit (a whole number from 1 to 262144)") }
            query.limit = n
        }
        return nil
    }

    func finish() -> Result<SearchQuery, QueryError> {
        var query = query
        if let min = query.minDuration, let max = query.maxDuration, max < min, let word = seen[.max] {
            return .failure(QueryError(column: word.column, word: word.raw, reason: "shorter than min=\(Durations.format(min))"))
        }
        if start != nil, lookback != nil, let word = seen[.since] {
            return .failure(QueryError(column: word.column, word: word.raw, reason: "give either a lookback or start=, not both"))
        }
        if start == nil, end == nil {
            if let lookback { query.window = .lookback(lookback) }
            return .success(query)
        }
        let last = end ?? now
        let span: Int64 = {
            if let lookback { return lookback }
            if case .lookback(let ns) = query.window { return ns }
            return 3_600_000_000_000
        }()
        let first = start ?? last - span
        guard first < last else {
            let word = seen[.end] ?? seen[.start]!
            return .failure(QueryError(column: word.column, word: word.raw, reason: "the window ends before it starts"))
        }
        query.window = .between(start: first, end: last)
        return .success(query)
    }

    /// RFC 3339, or Unix seconds (milliseconds are refused rather than misread as a date
    /// thousands of years ahead); 1970 to 2262, the range of Unix nanoseconds in an Int64.
    static func time(_ text: String) -> Int64? {
        if text.allSatisfy({ $0.isASCII && $0.isNumber }) {
            guard text.count <= 11, let s = Int64(text), s <= Int64.max / 1_000_000_000 else { return nil }
            return s * 1_000_000_000
        }
        return RFC3339.parse(text).flatMap { $0 >= 0 ? $0 : nil }
    }
}

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
