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

extension String {
    var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
