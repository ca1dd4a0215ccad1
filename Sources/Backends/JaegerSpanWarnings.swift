#if canImport(Glibc)
import Glibc
#endif
import TraceFormats
import TraceModel

/// Jaeger's api_v3 carries its own warnings about a span (clock skew adjusted, trace cut at
/// `max_trace_size`) in the span attribute `@jaeger@warnings`. The OTLP decoder reads
/// attributes only when a span's details are shown, so the body is searched for the key here:
/// one pass over bytes, no parsing unless the key is there.
enum JaegerSpanWarnings {
    /// "Jaeger warns about 3 spans: trace has more than 10 spans, showing first 10 spans only", or nil.
    static func summary(_ body: [UInt8]) -> String? {
        body.withUnsafeBufferPointer { b -> String? in
            let key = Array("\"@jaeger@warnings\"".utf8)
            var count = 0
            var first: Int?
            guard let base = b.baseAddress else { return nil }
            var i = 1
            while i + key.count - 1 <= b.count {
                // `@` is rare in JSON: memchr finds the next one (a byte loop here cost a third
                // of decoding the body), and the key is checked only there.
                guard let at = memchr(base + i, 0x40, b.count - i) else { break }
                i = base.distance(to: at.assumingMemoryBound(to: UInt8.self))
                if b[i - 1] == 0x22, match(b, at: i - 1, key) {
                    count += 1
                    if first == nil { first = i - 1 + key.count }
                    i += key.count
                } else {
                    i += 1
                }
            }
            guard count > 0, let first else { return nil }
            let text = firstString(b, after: first).map { ": " + ResponseErrors.sanitized($0) } ?? ""
            return "Jaeger warns about \(Plural.counted(count, "span"))\(text)"
        }
    }

    private static func match(_ b: UnsafeBufferPointer<UInt8>, at start: Int, _ key: [UInt8]) -> Bool {
        guard start + key.count <= b.count else { return false }
        for k in 0..<key.count where b[start + k] != key[k] { return false }
        return true
    }

    /// The first `"stringValue"` after the key (the warnings are an array of strings).
    private static func firstString(_ b: UnsafeBufferPointer<UInt8>, after start: Int) -> String? {
        let marker = Array("\"stringValue\"".utf8)
        var i = start
        let end = min(b.count, start + 4096)
        while i + marker.count <= end {
            if match(b, at: i, marker) {
                var s = JSONScanner(b, from: i + marker.count)
                guard (try? s.expect(0x3A, "':'")) != nil else { return nil }
                return try? s.readText()
            }
            i += 1
        }
        return nil
    }
}
