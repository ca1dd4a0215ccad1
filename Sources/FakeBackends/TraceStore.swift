import Foundation

/// What a search asks for, in nanoseconds, after each flavor has read its own parameters.
struct SearchFilter {
    var service: String?
    var operation: String?
    var tags: [(key: String, value: String)] = []
    /// Span duration bounds (Jaeger, Zipkin) or trace duration bounds (Tempo `minDuration`).
    var minDuration: Int64?
    var maxDuration: Int64?
    var start: Int64?
    var end: Int64?
    var limit: Int
    /// Lower-case service and span names before comparing (Zipkin stores them so).
    var caseInsensitiveNames = false
}

/// The traces one request sees, with the lookups every flavor needs.
struct TraceStore {
    let traces: [FakeTrace]

    /// By id, the way backends compare: leading zeros and case do not matter.
    func trace(id: String) -> FakeTrace? {
        let wanted = stripZeros(id.lowercased())
        return traces.first { stripZeros($0.traceID) == wanted }
    }

    /// Services in order of first appearance.
    var services: [String] {
        var seen = Set<String>()
        return traces.flatMap { $0.spans.map(\.service) }.filter { seen.insert($0).inserted }
    }

    /// Span names (with kinds) of a service, first appearance order, each (name, kind) once.
    func operations(service: String, caseInsensitive: Bool = false) -> [(name: String, kind: FakeSpan.Kind)] {
        var seen = Set<String>()
        var out: [(name: String, kind: FakeSpan.Kind)] = []
        for trace in traces {
            for span in trace.spans where same(span.service, service, caseInsensitive) {
                if seen.insert("\(span.name)\u{0}\(span.kind)").inserted { out.append((span.name, span.kind)) }
            }
        }
        return out
    }

    /// Traces with a span that matches every condition at once (service, name, tags,
    /// duration, start in the window), newest first, at most `limit`.
    func search(_ filter: SearchFilter) -> [FakeTrace] {
        let found = traces.filter { trace in
            trace.spans.contains { span in matches(span, filter) }
        }
        return Array(found.sorted { $0.start > $1.start }.prefix(max(0, filter.limit)))
    }

    func matches(_ span: FakeSpan, _ filter: SearchFilter) -> Bool {
        if let service = filter.service, !same(span.service, service, filter.caseInsensitiveNames) { return false }
        if let operation = filter.operation, !same(span.name, operation, filter.caseInsensitiveNames) { return false }
        if let min = filter.minDuration, span.duration < min { return false }
        if let max = filter.maxDuration, span.duration > max { return false }
        if let start = filter.start, span.start < start { return false }
        if let end = filter.end, span.start > end { return false }
        return filter.tags.allSatisfy { tag in span.has(tag.key, tag.value) }
    }

    private func same(_ a: String, _ b: String, _ caseInsensitive: Bool) -> Bool {
        caseInsensitive ? a.lowercased() == b.lowercased() : a == b
    }
}

extension FakeSpan {
    /// `error=true` matches the error flag, as every backend's tag search does.
    func has(_ key: String, _ value: String) -> Bool {
        if key == "error" { return String(error) == value }
        return attributes.contains { $0.key == key && $0.value == value }
    }
}

func stripZeros(_ hex: String) -> String {
    let stripped = hex.drop { $0 == "0" }
    return stripped.isEmpty ? "0" : String(stripped)
}

/// Go's `time.ParseDuration` for the forms clients send: "100ms", "1.5s", "2h45m", "10us", "10µs".
func parseGoDuration(_ text: String) -> Int64? {
    var rest = Substring(text)
    if rest == "0" { return 0 }
    var total: Double = 0
    let units: [(String, Double)] = [("ns", 1), ("us", 1e3), ("µs", 1e3), ("μs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9)]
    guard !rest.isEmpty else { return nil }
    while !rest.isEmpty {
        let number = rest.prefix { $0.isNumber || $0 == "." }
        guard !number.isEmpty, let value = Double(number) else { return nil }
        rest = rest.dropFirst(number.count)
        // Longest unit first so "ms" is not read as "m".
        guard let unit = units.sorted(by: { $0.0.count > $1.0.count }).first(where: { rest.hasPrefix($0.0) }) else { return nil }
        total += value * unit.1
        rest = rest.dropFirst(unit.0.count)
    }
    return Int64(total)
}

/// RFC 3339 with optional fraction (nanoseconds kept) → Unix ns.
func parseRFC3339(_ text: String) -> Int64? {
    let bytes = Array(text.utf8)
    guard bytes.count >= 20, bytes[4] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") else { return nil }
    func number(_ from: Int, _ count: Int) -> Int? {
        guard from + count <= bytes.count else { return nil }
        var value = 0
        for b in bytes[from..<from + count] {
            guard (48...57).contains(b) else { return nil }
            value = value * 10 + Int(b - 48)
        }
        return value
    }
    guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
          let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2) else { return nil }
    var index = 19
    var nanos: Int64 = 0
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
        index += 1
        var digits = 0
        while index < bytes.count, (48...57).contains(bytes[index]) {
            if digits < 9 { nanos = nanos * 10 + Int64(bytes[index] - 48) }
            digits += 1
            index += 1
        }
        guard digits > 0 else { return nil }
        for _ in digits..<max(digits, 9) { nanos *= 10 }
    }
    guard index < bytes.count else { return nil }
    var offset = 0
    if bytes[index] == UInt8(ascii: "Z") || bytes[index] == UInt8(ascii: "z") {
        index += 1
    } else if bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
        guard let h = number(index + 1, 2), let m = number(index + 4, 2) else { return nil }
        offset = (h * 60 + m) * 60 * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
        index += 6
    } else {
        return nil
    }
    guard index == bytes.count else { return nil }
    // Days from civil (Howard Hinnant's algorithm).
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    let days = era * 146097 + doe - 719468
    let seconds = Int64(days) * 86400 + Int64(hour * 3600 + minute * 60 + second - offset)
    return seconds * 1_000_000_000 + nanos
}

/// Unix ns now.
func nowNanos() -> Int64 { Int64(Date().timeIntervalSince1970 * 1e9) }
