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
