import TraceModel

/// logfmt lines (`ts=… level=info msg="hello world" trace_id=…`): space-separated `key=value`
/// pairs, values bare or double-quoted with backslash escapes (`\"`, `\\`, `\n`, `\t`, `\r`),
/// a bare `key` meaning `key=true`. Keys mean what they mean in JSON log lines (`LogField`);
/// values are text, so other pairs become string attributes.
enum LogfmtDecoder {
    /// Why a line is not logfmt.
    enum Failure: Error { case noPairs, unterminatedQuote, badKey }

    static func record(_ line: UnsafeBufferPointer<UInt8>) throws(Failure) -> LogRecord {
        var b = LogLineBuilder()
        var pairs = 0
        var i = 0
        let n = line.count
        while true {
            while i < n, line[i] == 0x20 || line[i] == 0x09 { i += 1 }
            if i >= n { break }
            let keyStart = i
            while i < n, line[i] != 0x3D, line[i] != 0x20, line[i] != 0x09, line[i] != 0x22 { i += 1 }
            guard i > keyStart, i >= n || line[i] != 0x22 else { throw .badKey }
            let key = UnsafeBufferPointer(rebasing: line[keyStart..<i])
            var value = UnsafeBufferPointer(rebasing: line[i..<i])
            var bare = true
            if i < n, line[i] == 0x3D {
                i += 1
                bare = false
                if i < n, line[i] == 0x22 {
                    i += 1
                    let start = i
                    var escaped = false
                    while i < n, line[i] != 0x22 {
                        if line[i] == 0x5C { escaped = true; i += 1 }
                        i += 1
                    }
                    guard i < n else { throw .unterminatedQuote }
                    value = UnsafeBufferPointer(rebasing: line[start..<i])
                    i += 1
                    if escaped { pairs += 1; add(&b, key, unescape(value)); continue }
                } else {
                    let start = i
                    while i < n, line[i] != 0x20, line[i] != 0x09 { i += 1 }
                    value = UnsafeBufferPointer(rebasing: line[start..<i])
                }
                pairs += 1
            }
            if bare {
                b.attribute(String(decoding: key, as: UTF8.self), .bool(true))
            } else {
                add(&b, key, value)
            }
        }
        guard pairs > 0 else { throw .noPairs }
        return b.finish()
    }

    static func add(_ b: inout LogLineBuilder, _ key: UnsafeBufferPointer<UInt8>, _ value: [UInt8]) {
        value.withUnsafeBufferPointer { add(&b, key, $0) }
    }

    static func add(_ b: inout LogLineBuilder, _ key: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>) {
        let field = LogField.classify(key)
        if field != .other, b.apply(field, value, depth: 0) { return }
        b.attribute(String(decoding: key, as: UTF8.self), .string(String(decoding: value, as: UTF8.self)))
    }

    static func unescape(_ v: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(v.count)
        var i = 0
        while i < v.count {
            let c = v[i]
            i += 1
            guard c == 0x5C, i < v.count else { out.append(c); continue }
            let e = v[i]
            i += 1
            switch e {
            case 0x6E: out.append(0x0A)
            case 0x74: out.append(0x09)
            case 0x72: out.append(0x0D)
            default: out.append(e)
            }
        }
        return out
    }

    /// True when a line starts like logfmt: a key of word characters, then `=`.
    static func looksLikeLogfmt(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < line.count, line[i] == 0x20 || line[i] == 0x09 { i += 1 }
        let start = i
        while i < line.count {
            let c = line[i]
            if c == 0x3D { return i > start }
            let word = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                || c == 0x5F || c == 0x2E || c == 0x2D || c == 0x40
            if !word { return false }
            i += 1
        }
        return false
    }
}
