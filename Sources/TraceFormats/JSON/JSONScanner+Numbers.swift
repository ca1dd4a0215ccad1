extension JSONScanner {
    // MARK: - Numbers and literals

    /// Reads an integer given as a JSON number or as a string holding one (proto3 JSON writes
    /// 64-bit integers as strings). Fractions are truncated; exponents are honoured.
    public mutating func readInt64() throws(JSONError) -> Int64 {
        guard let c = peek() else { throw error("unexpected end of input, expected a number") }
        if c == 0x22 {
            let s = try readString()
            var inner = JSONScanner(buffer, from: s.start, to: s.end)
            let v = try inner.parseIntegerBody(allowEmpty: false)
            inner.skipWhitespace()
            guard inner.pos == s.end else { throw error("not an integer in string", at: s.start - 1) }
            return v
        }
        return try parseIntegerBody(allowEmpty: false)
    }

    /// Unix nanoseconds as OTLP writes them (fixed64): a value beyond Int64 but within UInt64
    /// (old Jaeger api_v3 wrote unset times as 11651379494838206464) reads as Int64.max, for the
    /// model's time rule to clamp and count, instead of failing the whole trace.
    public mutating func readUnixNanos() throws(JSONError) -> Int64 {
        let saved = self
        do {
            return try readInt64()
        } catch {
            guard error.message == "integer out of range" else { throw error }
            self = saved
            skipWhitespace()
            let quoted = pos < end && base[pos] == 0x22
            let start = pos + (quoted ? 1 : 0)
            try skipValue()
            let stop = pos - (quoted ? 1 : 0)
            let digits = String(decoding: UnsafeBufferPointer(start: base + start, count: max(0, stop - start)), as: UTF8.self)
            guard UInt64(digits) != nil else { throw error }
            return Int64.max
        }
    }

    mutating func parseIntegerBody(allowEmpty: Bool) throws(JSONError) -> Int64 {
        skipWhitespace()
        let start = pos
        var negative = false
        if pos < end && base[pos] == 0x2D { negative = true; pos += 1 }
        var value: UInt64 = 0
        var digits = 0
        var overflow = false
        while pos < end {
            let d = base[pos] &- 0x30
            if d > 9 { break }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(d))
            if o1 || o2 { overflow = true }
            value = a
            digits += 1
            pos += 1
        }
        guard digits > 0 else { throw error("expected a number", at: start) }
        if pos < end, base[pos] == 0x2E || base[pos] == 0x65 || base[pos] == 0x45 {
            // Not an integer literal: parse as double and truncate.
            pos = start
            let d = try readDoubleBody()
            guard d.isFinite, d > -9.2e18, d < 9.2e18 else { throw error("number out of range", at: start) }
            return Int64(d)
        }
        guard !overflow, value <= (negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)) else {
            throw error("integer out of range", at: start)
        }
        return negative ? Int64(truncatingIfNeeded: 0 &- value) : Int64(value)
    }

    /// Reads a number (or a numeric string, or "NaN"/"Infinity" strings as proto3 JSON allows).
    public mutating func readDouble() throws(JSONError) -> Double {
        guard let c = peek() else { throw error("unexpected end of input, expected a number") }
        if c == 0x22 {
            let s = try readString()
            let t = text(s)
            if let d = Double(t) { return d }
            throw error("not a number in string", at: s.start - 1)
        }
        return try readDoubleBody()
    }

    mutating func readDoubleBody() throws(JSONError) -> Double {
        let start = pos
        if pos < end && base[pos] == 0x2D { pos += 1 }
        while pos < end {
            let c = base[pos]
            if (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x65 || c == 0x45 || c == 0x2B || c == 0x2D {
                pos += 1
            } else {
                break
            }
        }
        let s = String(decoding: UnsafeBufferPointer(start: base + start, count: pos - start), as: UTF8.self)
        guard let d = Double(s) else { throw error("malformed number", at: start) }
        return d
    }

    public mutating func readBool() throws(JSONError) -> Bool {
        guard let c = peek() else { throw error("unexpected end of input, expected true or false") }
        if c == 0x74, literal("true") { return true }
        if c == 0x66, literal("false") { return false }
        if c == 0x22 {
            let s = try readString()
            if string(s, equals: "true") { return true }
            if string(s, equals: "false") { return false }
            throw error("expected true or false", at: s.start)
        }
        throw unexpected(expected: "true or false")
    }

    mutating func literal(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard pos + n <= end else { return false }
        for k in 0..<n where base[pos + k] != word.utf8Start[k] { return false }
        pos += n
        return true
    }
}
