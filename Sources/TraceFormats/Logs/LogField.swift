import TraceModel

/// What a key of an application log line means. Keys are compared case-insensitively and
/// ignoring `_`, so `trace_id`, `traceId` and `TraceID` are one key; the full list is in
/// docs/formats.md ("Logs").
enum LogField: UInt8 {
    case traceHex, spanHex, traceDecimal, spanDecimal, time, level, severityNumber, body, other

    var isID: Bool { self == .traceHex || self == .spanHex || self == .traceDecimal || self == .spanDecimal }

    /// Normalised keys (lower case, no `_`). Dotted entries match a dotted key (`trace.id`) and
    /// the same path through nested objects (`{"trace":{"id":…}}`).
    static let names: [(String, LogField)] = [
        ("traceid", .traceHex), ("oteltraceid", .traceHex), ("trace.id", .traceHex),
        ("spanid", .spanHex), ("otelspanid", .spanHex), ("span.id", .spanHex),
        ("dd.traceid", .traceDecimal), ("dd.spanid", .spanDecimal),
        ("timestamp", .time), ("@timestamp", .time), ("time", .time), ("ts", .time),
        ("level", .level), ("lvl", .level), ("severity", .level), ("severitytext", .level),
        ("loglevel", .level), ("log.level", .level),
        ("severitynumber", .severityNumber),
        ("message", .body), ("msg", .body), ("body", .body), ("log", .body),
    ]

    /// The table as packed words, so classifying a key is a few integer compares.
    static let packed = PackedNames(names)

    /// The longest normalised key (with a nesting prefix) that can match.
    static let maxKey = 24

    /// Classifies `key`, seen inside an object held under `parent` (empty at the top level).
    /// Inside nested objects the dotted path decides first (`trace` + `id`); otherwise only
    /// self-describing id keys (`otelTraceID`, `trace_id` …) count, so a nested `level` or `time`
    /// of some payload does not take over the record's own.
    static func classify(_ key: UnsafeBufferPointer<UInt8>, parent: UnsafeBufferPointer<UInt8>? = nil) -> LogField {
        if let parent {
            let path = lookup(parent, key)
            if path != .other { return path }
            let own = lookup(nil, key)
            return own.isID ? own : .other
        }
        return lookup(nil, key)
    }

    @inline(__always)
    static func lookup(_ prefix: UnsafeBufferPointer<UInt8>?, _ key: UnsafeBufferPointer<UInt8>) -> LogField {
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        let n = withUnsafeMutableBytes(of: &words) { raw -> Int in
            var n = 0
            func add(_ part: UnsafeBufferPointer<UInt8>) -> Bool {
                for c in part where c != 0x5F {
                    guard n < maxKey else { return false }
                    raw[n] = c >= 0x41 && c <= 0x5A ? c | 0x20 : c
                    n += 1
                }
                return true
            }
            if let prefix {
                guard add(prefix), n < maxKey else { return -1 }
                raw[n] = 0x2E
                n += 1
            }
            return add(key) ? n : -1
        }
        guard n > 0 else { return .other }
        return packed.find(n, words) ?? .other
    }
}

/// Short names (≤ 24 bytes) packed into three words each, looked up by integer compares.
struct PackedNames<Value>: Sendable where Value: Sendable {
    typealias Words = (UInt64, UInt64, UInt64)
    let entries: [(count: Int, words: Words, value: Value)]

    init(_ names: [(String, Value)]) {
        entries = names.map { name, value in
            var words: Words = (0, 0, 0)
            withUnsafeMutableBytes(of: &words) { raw in
                for (i, c) in name.utf8.enumerated() { raw[i] = c }
            }
            return (name.utf8.count, words, value)
        }
    }

    @inline(__always)
    func find(_ count: Int, _ words: Words) -> Value? {
        for entry in entries where entry.count == count
            && entry.words.0 == words.0 && entry.words.1 == words.1 && entry.words.2 == words.2 {
            return entry.value
        }
        return nil
    }

    /// `bytes` lower-cased and packed; nil when longer than 24 bytes.
    @inline(__always)
    static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> Words? {
        guard bytes.count <= 24 else { return nil }
        var words: Words = (0, 0, 0)
        withUnsafeMutableBytes(of: &words) { raw in
            for (i, c) in bytes.enumerated() { raw[i] = c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
        }
        return words
    }
}

/// Severity names and numbers onto OTLP's scale (1–4 TRACE, 5–8 DEBUG, 9–12 INFO, 13–16 WARN,
/// 17–20 ERROR, 21–24 FATAL).
enum LogSeverity {
    static let table: [(String, UInt8)] = [
        ("trace", 1), ("verbose", 1), ("finest", 1), ("finer", 2), ("fine", 5),
        ("debug", 5), ("dbg", 5), ("config", 6),
        ("info", 9), ("information", 9), ("informational", 9), ("notice", 10),
        ("warn", 13), ("warning", 13),
        ("error", 17), ("err", 17), ("severe", 17), ("dpanic", 18),
        ("critical", 21), ("crit", 21), ("fatal", 21), ("panic", 21), ("alert", 22), ("emerg", 23), ("emergency", 23),
    ]

    static let packed = PackedNames(table)

    /// The number for a level name (any case); 0 when unknown.
    static func number(_ text: UnsafeBufferPointer<UInt8>) -> UInt8 {
        guard let words = PackedNames<UInt8>.pack(text) else { return 0 }
        return packed.find(text.count, words) ?? 0
    }

    static func number(_ text: String) -> UInt8 {
        var text = text
        return text.withUTF8 { number($0) }
    }

    /// Numeric levels: pino and bunyan use 10…60; anything in 1…24 is taken as OTLP's number.
    static func fromNumber(_ v: Int64) -> (UInt8, String) {
        switch v {
        case 10: return (1, "trace")
        case 20: return (5, "debug")
        case 30: return (9, "info")
        case 40: return (13, "warn")
        case 50: return (17, "error")
        case 60: return (21, "fatal")
        case 1...24: return (UInt8(v), otlpName(UInt8(v)))
        default: return (0, String(v))
        }
    }

    static func otlpName(_ n: UInt8) -> String {
        switch n {
        case 1...4: return "TRACE"
        case 5...8: return "DEBUG"
        case 9...12: return "INFO"
        case 13...16: return "WARN"
        case 17...20: return "ERROR"
        case 21...24: return "FATAL"
        default: return ""
        }
    }
}

/// Ids of application logs: hex of any length up to the id's width (left-padded, any case),
/// or Datadog's decimal (`dd.trace_id` is the low 64 bits of the trace id in decimal).
enum LogIDs {
    static func trace(_ bytes: UnsafeBufferPointer<UInt8>, _ field: LogField) -> TraceID? {
        if field == .traceDecimal {
            return decimal(bytes).map { TraceID(high: $0.high, low: $0.low) }
        }
        // Full-width ids (nearly all of them) eight bytes at a time.
        if bytes.count == 32, let hi = IDBytes.hex16(bytes.baseAddress!), let lo = IDBytes.hex16(bytes.baseAddress! + 16) {
            return TraceID(high: hi, low: lo)
        }
        return IDBytes.parseHexTraceID(bytes)
    }

    static func span(_ bytes: UnsafeBufferPointer<UInt8>, _ field: LogField) -> SpanID? {
        if field == .spanDecimal {
            guard let v = decimal(bytes), v.high == 0 else { return nil }
            return SpanID(v.low)
        }
        if bytes.count == 16, let v = IDBytes.hex16(bytes.baseAddress!) { return SpanID(v) }
        return IDBytes.parseHexSpanID(bytes)
    }

    /// Up to 128 bits of decimal digits; nil for anything else or on overflow.
    static func decimal(_ bytes: UnsafeBufferPointer<UInt8>) -> (high: UInt64, low: UInt64)? {
        guard !bytes.isEmpty, bytes.count <= 39 else { return nil }
        var high: UInt64 = 0, low: UInt64 = 0
        for c in bytes {
            let d = c &- 0x30
            guard d <= 9 else { return nil }
            let (hiLow, hiOver) = high.multipliedReportingOverflow(by: 10)
            let lo = low.multipliedFullWidth(by: 10)
            let (newLow, carry) = lo.low.addingReportingOverflow(UInt64(d))
            let (h1, o1) = hiLow.addingReportingOverflow(lo.high)
            let (h2, o2) = h1.addingReportingOverflow(carry ? 1 : 0)
            guard !hiOver, !o1, !o2 else { return nil }
            high = h2
            low = newLow
        }
        return (high, low)
    }
}
