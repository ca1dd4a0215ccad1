import Backends

// TEMPORARY stand-in for the query-line parser being written on branch `core`
// (Sources/Backends/SearchQuery+Parse.swift); deleted when that branch is merged.
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var column: Int
    public var message: String
    public var description: String { "column \(column): \(message)" }
}

extension SearchQuery {
    public static func parse(_ text: String, defaults: SearchQuery, now: Int64) -> Result<SearchQuery, QueryError> {
        var q = SearchQuery(window: defaults.window, limit: defaults.limit)
        let trimmed = text.drop { $0 == " " }
        if trimmed.hasPrefix("{") { q.traceQL = String(trimmed); return .success(q) }
        var words: [String] = [""]
        var quoted = false
        for c in text {
            if c == "\"" { quoted.toggle() }
            if c == " " && !quoted { words.append("") } else { words[words.count - 1].append(c) }
        }
        var column = 1
        for word in words {
            defer { column += word.count + 1 }
            if word.isEmpty { continue }
            guard let eq = word.firstIndex(of: "=") else { return .failure(QueryError(column: column, message: "expected key=value")) }
            let key = String(word[..<eq]), value = String(word[word.index(after: eq)...]).replacingQuotes()
            func dur() -> Int64? {
                let units: [(String, Int64)] = [("ms", 1_000_000), ("us", 1_000), ("s", 1_000_000_000), ("m", 60_000_000_000), ("h", 3_600_000_000_000), ("d", 86_400_000_000_000)]
                for (u, f) in units where value.hasSuffix(u) { if let n = Int64(value.dropLast(u.count)) { return n * f } }
                return nil
            }
            switch key {
            case "service": q.service = value
            case "op": q.operation = value
            case "min", "max", "since":
                guard let d = dur() else { return .failure(QueryError(column: column + key.count + 1, message: "not a duration: \(value)")) }
                if key == "min" { q.minDuration = d } else if key == "max" { q.maxDuration = d } else { q.window = .lookback(d) }
            case "limit":
                guard let n = Int(value), n > 0 else { return .failure(QueryError(column: column + 6, message: "not a limit: \(value)")) }
                q.limit = n
            default: q.tags.append(Tag(key, value))
            }
        }
        return .success(q)
    }

    public var text: String {
        if let traceQL { return traceQL }
        var parts: [String] = []
        if let service { parts.append("service=" + service) }
        if let operation { parts.append("op=" + (operation.contains(" ") ? "\"\(operation)\"" : operation)) }
        for t in tags { parts.append(t.key + "=" + t.value) }
        if case .lookback(let ns) = window { parts.append("since=\(ns / 60_000_000_000)m") }
        parts.append("limit=\(limit)")
        return parts.joined(separator: " ")
    }
}

private extension String {
    func replacingQuotes() -> String { filter { $0 != "\"" } }
}
