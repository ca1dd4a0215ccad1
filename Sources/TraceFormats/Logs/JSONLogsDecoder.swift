import TraceModel

/// Plain JSON log lines that carry trace context as the OpenTelemetry "logging trace context"
/// compatibility note describes: top-level `trace_id`, `span_id` (hex, any length: normalised
/// by left-padding), `timestamp` (epoch seconds as a float, or ms/µs/ns as an integer), a
/// message in `body`/`message`/`msg`, a level in `severity`/`level`. Other fields become
/// attributes.
public enum JSONLogsDecoder {
    public static func decode(_ s: inout JSONScanner, into set: inout TraceSet, warnings: inout [String]) throws(JSONError) {
        if s.peek() == 0x5B {
            try s.beginArray()
            var first = true
            while try s.nextElement(first: &first) { try record(&s, &set) }
            return
        }
        try record(&s, &set)
    }

    static func record(_ s: inout JSONScanner, _ set: inout TraceSet) throws(JSONError) {
        var r = LogRecord(time: 0)
        try s.beginObject()
        var first = true
        while let k = try s.nextKey(first: &first) {
            if s.consumeNull() { continue }
            if s.key(k, is: "traceid"), s.nextKind() == .string {
                let v = try s.readString()
                r.traceID = s.withBytes(v) { IDBytes.parseHexTraceID($0) } ?? .zero
            } else if s.key(k, is: "spanid"), s.nextKind() == .string {
                let v = try s.readString()
                r.spanID = s.withBytes(v) { IDBytes.parseHexSpanID($0) } ?? .zero
            } else if s.key(k, is: "timestamp") || s.key(k, is: "time") || s.key(k, is: "ts") {
                if s.nextKind() == .number {
                    s.skipWhitespace()
                    let start = s.pos
                    let d = try s.readDouble()
                    let raw = UnsafeBufferPointer(start: s.base + start, count: s.pos - start)
                    r.time = exactEpochNanos(raw) ?? epochNanos(d)
                } else {
                    r.attributes.append(Attribute(s.text(k), try value(&s)))
                }
            } else if s.key(k, is: "body") || s.key(k, is: "message") || s.key(k, is: "msg") {
                r.body = try value(&s)
            } else if s.key(k, is: "severity") || s.key(k, is: "level") || s.key(k, is: "severitytext") {
                let v = try value(&s)
                r.severityText = v.text
                r.severityNumber = severityNumber(v.text)
            } else {
                r.attributes.append(Attribute(s.text(k), try value(&s)))
            }
        }
        set.logs.append(r)
    }

    /// Epoch seconds (float), or ms / µs / ns integers, told apart by magnitude.
    static func epochNanos(_ v: Double) -> Int64 {
        guard v.isFinite, v > 0 else { return 0 }
        let ns = v < 1e11 ? v * 1e9 : v < 1e14 ? v * 1e6 : v < 1e17 ? v * 1e3 : v
        return ns < 9.2e18 ? Int64(ns) : 0
    }

    /// Seconds with a decimal fraction, converted without floating-point rounding
    /// ("1581385157.14429" → 1581385157144290000). Nil for exponents or other shapes.
    static func exactEpochNanos(_ raw: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let dot = raw.firstIndex(of: 0x2E) else { return nil }
        var seconds: Int64 = 0
        for c in raw[..<dot] {
            guard c >= 0x30 && c <= 0x39, seconds < 100_000_000_000 else { return nil }
            seconds = seconds * 10 + Int64(c - 0x30)
        }
        guard seconds < 9_000_000_000 else { return nil }  // beyond Int64 nanoseconds (year 2255)
        var fraction: Int64 = 0
        var digits = 0
        for c in raw[(dot + 1)...] {
            guard c >= 0x30 && c <= 0x39 else { return nil }
            if digits < 9 { fraction = fraction * 10 + Int64(c - 0x30); digits += 1 }
        }
        while digits < 9 { fraction *= 10; digits += 1 }
        return seconds * 1_000_000_000 + fraction
    }

    static func severityNumber(_ text: String) -> UInt8 {
        switch text.lowercased() {
        case "trace": return 1
        case "debug": return 5
        case "info", "information", "notice": return 9
        case "warn", "warning": return 13
        case "error", "err": return 17
        case "fatal", "critical", "crit", "panic", "emerg", "alert": return 21
        default: return 0
        }
    }

    /// Scalars as typed values; nested objects and arrays as their raw JSON text.
    static func value(_ s: inout JSONScanner) throws(JSONError) -> AttributeValue {
        switch s.nextKind() {
        case .string: return .string(try s.readText())
        case .bool: return .bool(try s.readBool())
        case .null: _ = s.consumeNull(); return .empty
        case .number:
            let start = s.pos
            let d = try s.readDouble()
            let raw = String(decoding: UnsafeBufferPointer(start: s.base + start, count: s.pos - start), as: UTF8.self)
            if let i = Int64(raw) { return .int(i) }
            return .double(d)
        default:
            s.skipWhitespace()
            let start = s.pos
            try s.skipValue()
            return .string(String(decoding: UnsafeBufferPointer(start: s.base + start, count: s.pos - start), as: UTF8.self))
        }
    }
}
