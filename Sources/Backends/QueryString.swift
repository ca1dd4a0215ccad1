import TraceModel

/// A URL query built in order, each name and value percent-encoded (everything but RFC 3986's
/// unreserved characters), so TraceQL, JSON tags and service names with spaces travel intact.
struct QueryString {
    private(set) var items: [(String, String)] = []

    mutating func add(_ name: String, _ value: String?) {
        if let value { items.append((name, value)) }
    }

    /// `path?a=b&c=d`, or the path alone when there are no items.
    func appended(to path: String) -> String {
        items.isEmpty ? path : path + "?" + items.map { Self.escape($0.0) + "=" + Self.escape($0.1) }.joined(separator: "&")
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]
                out.append("%")
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            }
        }
        return out
    }
}

/// The small JSON objects sent as parameters (Jaeger `tags`, api_v3 `query.attributes`):
/// `{"k":"v",…}`; a repeated key keeps its last value (the backends read a map).
func jsonObject(_ tags: [SearchQuery.Tag]) -> String {
    var seen: [String: Int] = [:]
    var pairs: [(String, String)] = []
    for tag in tags {
        if let i = seen[tag.key] { pairs[i].1 = tag.value } else {
            seen[tag.key] = pairs.count
            pairs.append((tag.key, tag.value))
        }
    }
    var out: [UInt8] = [UInt8(ascii: "{")]
    for (i, pair) in pairs.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        JSONText.quote(pair.0, into: &out)
        out.append(UInt8(ascii: ":"))
        JSONText.quote(pair.1, into: &out)
    }
    out.append(UInt8(ascii: "}"))
    return String(decoding: out, as: UTF8.self)
}

extension Durations {
    /// Go's `time.ParseDuration` form (no `d` or `w`: days become hours), as Jaeger and Tempo read it.
    static func goFormat(_ ns: Int64) -> String {
        guard ns >= 3_600_000_000_000 else { return format(ns) }
        let hours = ns / 3_600_000_000_000
        let rest = ns % 3_600_000_000_000
        return "\(hours)h" + (rest == 0 ? "" : format(rest))
    }
}
