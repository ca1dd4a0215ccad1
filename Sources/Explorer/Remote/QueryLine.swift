import Backends
import Foundation

/// The query line's text side: parsing through the backend's query language
/// (`SearchQuery.parse`), and completion of `service=` and `op=` values from the backend's
/// own lists. Pure: the state asks for the lists, this only reads them.
enum QueryLine {
    static func text(of query: SearchQuery) -> String { query.text }

    /// The query language in `?` help.
    static func guide(traceQL: Bool) -> [(term: String, meaning: String)] {
        var out: [(term: String, meaning: String)] = [
            ("service=frontend", "traces through this service (Tab completes from the backend's list)"),
            ("op=\"GET /cart\"", "and this operation (needs service=; Tab completes)"),
            ("key=value", "a tag: http.status_code=500, error=true"),
            ("min=200ms max=2s", "trace duration bounds"),
            ("since=1h", "how far back (15m, 1h, 2d); the window is always bounded"),
            ("limit=50", "at most this many traces"),
        ]
        if traceQL { out.append(("{ … }", "raw TraceQL, sent to Tempo as written")) }
        return out
    }

    static func parse(_ text: String, defaults: SearchQuery, now: Int64) -> Result<SearchQuery, QueryError> {
        // What the line does not say comes from the defaults' window and limit only: a service
        // removed from the line must not come back.
        SearchQuery.parse(text, defaults: SearchQuery(window: defaults.window, limit: defaults.limit), now: now)
    }

    /// The value being typed at the end of `text`, when it is a `service=` or `op=` value.
    struct Completing: Equatable {
        enum Key: Equatable { case service, operation }
        var key: Key
        /// What is typed of the value so far (without an opening quote).
        var prefix: String
        /// Where the value starts in `text` (its opening quote included).
        var valueStart: String.Index
    }

    static let serviceKeys = ["service="]
    static let operationKeys = ["op=", "operation="]

    /// The last word of `text` (quoted values keep their spaces), if it is a key completion knows.
    static func completing(_ text: String) -> Completing? {
        var start = text.startIndex
        var quoted = false
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c == "\"" { quoted.toggle() } else if c == " " && !quoted { start = text.index(after: i) }
            i = text.index(after: i)
        }
        let word = text[start...]
        for (keys, key) in [(serviceKeys, Completing.Key.service), (operationKeys, .operation)] {
            for k in keys where word.hasPrefix(k) {
                let valueStart = text.index(start, offsetBy: k.count)
                var prefix = String(text[valueStart...])
                if prefix.hasPrefix("\"") { prefix.removeFirst() }
                return Completing(key: key, prefix: prefix, valueStart: valueStart)
            }
        }
        return nil
    }

    /// The `service=` value already on the line (for `op=` completion), if any.
    static func service(in text: String) -> String? {
        guard let r = text.range(of: "service=") else { return nil }
        var rest = text[r.upperBound...]
        if rest.hasPrefix("\"") {
            rest = rest.dropFirst()
            return String(rest.prefix { $0 != "\"" })
        }
        let value = String(rest.prefix { $0 != " " })
        return value.isEmpty ? nil : value
    }

    /// Candidates for `prefix`: those starting with it (case-insensitive) first, then those
    /// containing it, each group in the backend's order.
    static func suggestions(_ prefix: String, from list: [String]) -> [String] {
        let p = prefix.lowercased()
        guard !p.isEmpty else { return list }
        let lower = list.map { $0.lowercased() }
        let starts = list.indices.filter { lower[$0].hasPrefix(p) }
        let contains = list.indices.filter { !lower[$0].hasPrefix(p) && lower[$0].contains(p) }
        return (starts + contains).map { list[$0] }
    }

    /// `<Tab>`: one candidate (or the first when the typed prefix is already the common part)
    /// completes the value, quoted when it has a space, and a space follows; several extend the
    /// value to their longest common prefix.
    static func complete(_ text: String, _ c: Completing, candidates: [String]) -> String {
        guard let first = candidates.first else { return text }
        let starting = candidates.filter { $0.lowercased().hasPrefix(c.prefix.lowercased()) }
        var value = first
        if starting.count > 1 {
            let common = commonPrefix(starting)
            if common.count > c.prefix.count { return String(text[..<c.valueStart]) + quoteOpen(common) }
            value = starting[0]
        }
        return String(text[..<c.valueStart]) + quoted(value) + " "
    }

    static func quoted(_ value: String) -> String {
        value.contains(" ") || value.contains("\"") || value.isEmpty
            ? "\"" + value.replacingOccurrences(of: "\"", with: "\\\"") + "\"" : value
    }

    /// A partial value with a space gets its opening quote, so typing goes on inside it.
    static func quoteOpen(_ value: String) -> String { value.contains(" ") ? "\"" + value : value }

    static func commonPrefix(_ items: [String]) -> String {
        guard var common = items.first.map(Array.init) else { return "" }
        for item in items.dropFirst() {
            let a = Array(item)
            var n = 0
            while n < common.count, n < a.count, common[n] == a[n] { n += 1 }
            common = Array(common.prefix(n))
        }
        return String(common)
    }
}
