import TraceModel

/// A span time: a number of microseconds (UI JSON), a digit string of microseconds, or an
/// RFC 3339 string (api_v2). Returns nanoseconds, or nil when absent/unreadable. Never throws
/// on content, only on broken JSON structure.
enum JaegerTimes {
    static func readTime(_ s: inout JSONScanner) throws(JSONError) -> Int64? {
        try readMicros(&s, orText: JaegerText.parseRFC3339)
    }

    /// A duration: number of µs, digit string of µs, or a Go/protobuf duration string. ns.
    static func readDuration(_ s: inout JSONScanner) throws(JSONError) -> Int64? {
        try readMicros(&s, orText: JaegerText.parseDuration)
    }

    /// Times and durations differ only in the non-numeric text they accept (`parseText`, which
    /// returns ns); numbers and digit strings are µs in both.
    private static func readMicros(
        _ s: inout JSONScanner, orText parseText: (UnsafeBufferPointer<UInt8>) -> Int64?
    ) throws(JSONError) -> Int64? {
        switch s.nextKind() {
        case .number:
            let p = s.pos
            do {
                return microsToNanos(try s.readInt64())
            } catch {
                s.pos = p
                try s.skipValue()
                return nil
            }
        case .string:
            let t = try s.readString()
            return s.withBytes(t) { b -> Int64? in
                if let us = JaegerText.parseDecimal(b) { return microsToNanos(us) }
                return parseText(b)
            }
        default:
            try s.skipValue()
            return nil
        }
    }

    /// Saturating: a time beyond Int64 ns is clamped by the loader, like every other time.
    static func microsToNanos(_ us: Int64) -> Int64? { ModelTime.scaled(us, by: 1000) }
}
