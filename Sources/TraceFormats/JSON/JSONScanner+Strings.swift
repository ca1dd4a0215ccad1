import TraceModel

extension JSONScanner {
    // MARK: - Strings

    /// Reads a string; the result is the byte range between the quotes (escapes unresolved).
    @inline(__always)
    public mutating func readString() throws(JSONError) -> JSONString {
        guard peek() == 0x22 else { throw unexpected(expected: "a string") }
        let start = pos + 1
        var escaped = false
        let close = Self.stringEnd(base, start, end, escaped: &escaped)
        guard close < end else { throw error("unterminated string", at: start - 1) }
        pos = close + 1
        return JSONString(start: start, end: close, escaped: escaped)
    }

    /// The decoded text of a string read by `readString`.
    public func text(_ s: JSONString) -> String {
        if !s.escaped { return String(decoding: UnsafeBufferPointer(start: base + s.start, count: s.count), as: UTF8.self) }
        return String(decoding: unescaped(s), as: UTF8.self)
    }

    public mutating func readText() throws(JSONError) -> String { text(try readString()) }

    /// Raw bytes of a string without escapes; escaped strings are decoded into `scratch`.
    public func withBytes<R>(_ s: JSONString, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if !s.escaped { return body(UnsafeBufferPointer(start: base + s.start, count: s.count)) }
        let u = unescaped(s)
        return u.withUnsafeBufferPointer(body)
    }

    /// Resolves JSON escapes; invalid escapes and lone surrogates become U+FFFD.
    public func unescaped(_ s: JSONString) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        var i = s.start
        while i < s.end {
            let c = base[i]
            if c != 0x5C { out.append(c); i += 1; continue }
            guard i + 1 < s.end else { break }
            let e = base[i + 1]
            i += 2
            switch e {
            case 0x22, 0x5C, 0x2F: out.append(e)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                guard var u = hex4(i, s.end) else { Self.appendScalar(0xFFFD, &out); continue }
                i += 4
                if u >= 0xD800 && u < 0xDC00 {
                    if i + 6 <= s.end, base[i] == 0x5C, base[i + 1] == 0x75, let lo = hex4(i + 2, s.end),
                       lo >= 0xDC00 && lo < 0xE000 {
                        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)
                        i += 6
                    } else {
                        u = 0xFFFD
                    }
                } else if u >= 0xDC00 && u < 0xE000 {
                    u = 0xFFFD
                }
                Self.appendScalar(u, &out)
            default:
                Self.appendScalar(0xFFFD, &out)
            }
        }
        return out
    }

    func hex4(_ i: Int, _ limit: Int) -> UInt32? {
        guard i + 4 <= limit else { return nil }
        var v: UInt32 = 0
        for k in 0..<4 {
            guard let d = IDBytes.hexValue(base[i + k]) else { return nil }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    static func appendScalar(_ u: UInt32, _ out: inout [UInt8]) {
        let scalar = Unicode.Scalar(u) ?? "\u{FFFD}"
        for b in String(Character(scalar)).utf8 { out.append(b) }
    }

    /// Case-insensitive key comparison that also ignores `_`, so `traceId`, `trace_id` and
    /// `TraceID` all match the literal "traceid". `literal` must be lower-case without `_`.
    @inline(__always)
    public func key(_ s: JSONString, is literal: StaticString) -> Bool {
        let lit = literal.utf8Start
        let n = literal.utf8CodeUnitCount
        var j = 0
        var i = s.start
        while i < s.end {
            var c = base[i]
            i += 1
            if c == 0x5F { continue }
            if c >= 0x41 && c <= 0x5A { c |= 0x20 }
            if j >= n || lit[j] != c { return false }
            j += 1
        }
        return j == n
    }

    /// Exact byte comparison of a string with a literal.
    @inline(__always)
    public func string(_ s: JSONString, equals literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard s.count == n else { return false }
        let lit = literal.utf8Start
        for k in 0..<n where base[s.start + k] != lit[k] { return false }
        return true
    }
}
