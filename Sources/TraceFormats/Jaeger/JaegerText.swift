import TraceModel

/// Hand-written parsers for the text forms Jaeger JSON uses: RFC 3339 timestamps and Go /
/// protobuf durations (api_v2 protobuf-JSON), base64 and hex byte strings (binary tags).
/// No Foundation: these run on the decode path.
enum JaegerText {
    // MARK: - RFC 3339

    /// `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)` → Unix nanoseconds. The separator may be
    /// `T`, `t` or a space; the offset may also be `±hhmm` or `±hh`; fraction digits beyond 9
    /// are truncated. nil when malformed or out of range.
    static func parseRFC3339(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        let n = b.count
        func digits(_ count: Int) -> Int? {
            guard i + count <= n else { return nil }
            var v = 0
            for k in 0..<count {
                let d = Int(b[i + k]) - 0x30
                guard d >= 0 && d <= 9 else { return nil }
                v = v * 10 + d
            }
            i += count
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < n, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2)
        else { return nil }
        guard i < n, b[i] == 0x54 || b[i] == 0x74 || b[i] == 0x20 else { return nil }
        i += 1
        guard let hour = digits(2), expect(0x3A), let minute = digits(2), expect(0x3A), let second = digits(2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year, month),
              hour <= 23, minute <= 59, second <= 60 else { return nil }
        var nanos: Int64 = 0
        if i < n, b[i] == 0x2E || b[i] == 0x2C {
            i += 1
            var count = 0
            while i < n, b[i] >= 0x30, b[i] <= 0x39 {
                if count < 9 { nanos = nanos * 10 + Int64(b[i] - 0x30) }
                count += 1
                i += 1
            }
            guard count > 0 else { return nil }
            if count < 9 { for _ in count..<9 { nanos *= 10 } }
        }
        guard i < n else { return nil }
        var offsetSeconds = 0
        switch b[i] {
        case 0x5A, 0x7A:  // Z z
            i += 1
        case 0x2B, 0x2D:  // + -
            let negative = b[i] == 0x2D
            i += 1
            guard let oh = digits(2), oh <= 23 else { return nil }
            var om = 0
            if i < n {
                _ = expect(0x3A)
                guard let m = digits(2), m <= 59 else { return nil }
                om = m
            }
            offsetSeconds = (oh * 3600 + om * 60) * (negative ? -1 : 1)
        default:
            return nil
        }
        guard i == n else { return nil }
        let days = daysFromCivil(year, month, day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        let (ns, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return nil }
        let (total, o2) = ns.addingReportingOverflow(nanos)
        return o2 ? nil : total
    }

    static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    // MARK: - Durations

    /// A Go duration (`"5000ns"`, `"1.5s"`, `"3ms"`, `"20us"`, `"20µs"`, `"1h2m3s"`, `"-1s"`) or a
    /// protobuf-JSON Duration (`"0.000005s"`) → nanoseconds. A bare number without a unit is
    /// not accepted here (callers treat digit-only text as Jaeger microseconds).
    static func parseDuration(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        let n = b.count
        var negative = false
        if i < n, b[i] == 0x2D || b[i] == 0x2B { negative = b[i] == 0x2D; i += 1 }
        guard i < n else { return nil }
        if n - i == 1, b[i] == 0x30 { return 0 }
        var total: Int64 = 0
        while i < n {
            var whole: Int64 = 0
            var wholeDigits = 0
            while i < n, b[i] >= 0x30, b[i] <= 0x39 {
                let (m, o1) = whole.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(b[i] - 0x30))
                guard !o1, !o2 else { return nil }
                whole = a
                wholeDigits += 1
                i += 1
            }
            var fraction = 0.0
            var fractionDigits = 0
            if i < n, b[i] == 0x2E {
                i += 1
                var scale = 0.1
                while i < n, b[i] >= 0x30, b[i] <= 0x39 {
                    fraction += Double(b[i] - 0x30) * scale
                    scale /= 10
                    fractionDigits += 1
                    i += 1
                }
            }
            guard wholeDigits + fractionDigits > 0, i < n else { return nil }
            let unit: Int64
            let c = b[i]
            if c == 0x6E, i + 1 < n, b[i + 1] == 0x73 { unit = 1; i += 2 }  // ns
            else if c == 0x75, i + 1 < n, b[i + 1] == 0x73 { unit = 1_000; i += 2 }  // us
            else if c == 0xC2, i + 2 < n, b[i + 1] == 0xB5, b[i + 2] == 0x73 { unit = 1_000; i += 3 }  // µs (U+00B5)
            else if c == 0xCE, i + 2 < n, b[i + 1] == 0xBC, b[i + 2] == 0x73 { unit = 1_000; i += 3 }  // μs (U+03BC)
            else if c == 0x6D, i + 1 < n, b[i + 1] == 0x73 { unit = 1_000_000; i += 2 }  // ms
            else if c == 0x73 { unit = 1_000_000_000; i += 1 }  // s
            else if c == 0x6D { unit = 60_000_000_000; i += 1 }  // m
            else if c == 0x68 { unit = 3_600_000_000_000; i += 1 }  // h
            else { return nil }
            let (w, o1) = whole.multipliedReportingOverflow(by: unit)
            guard !o1 else { return nil }
            let f = (fraction * Double(unit)).rounded()
            guard f < 9.2e18 else { return nil }
            let (sum, o2) = total.addingReportingOverflow(w)
            guard !o2 else { return nil }
            let (sum2, o3) = sum.addingReportingOverflow(Int64(f))
            guard !o3 else { return nil }
            total = sum2
        }
        return negative ? -total : total
    }

    /// All ASCII digits (at least one), optionally with a leading '-': a plain integer in text.
    static func parseDecimal(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var i = 0
        var negative = false
        if b.count > 0, b[0] == 0x2D { negative = true; i = 1 }
        guard i < b.count else { return nil }
        var v: Int64 = 0
        while i < b.count {
            let d = b[i] &- 0x30
            guard d <= 9 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(d))
            guard !o1, !o2 else { return nil }
            v = a
            i += 1
        }
        return negative ? -v : v
    }

    // MARK: - Bytes

    /// Standard or URL-safe base64, padded or not. nil when not base64. This is
    /// `IDBytes.base64Bytes`, except that padding alone (`"="`, `"=="`…) is empty only in whole
    /// groups of four: a binary tag of `"="` is kept as text, as it always was.
    static func base64(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        if b.count % 4 != 0, b.allSatisfy({ $0 == 0x3D }) { return nil }
        return IDBytes.base64Bytes(b)
    }

    /// Even-length hex (any case). nil when not hex.
    static func hex(_ b: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard b.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(b.count / 2)
        var k = 0
        while k < b.count {
            guard let hi = IDBytes.hexValue(b[k]), let lo = IDBytes.hexValue(b[k + 1]) else { return nil }
            out.append(UInt8(hi << 4 | lo))
            k += 2
        }
        return out
    }

    /// A String from bytes that may not be valid UTF-8 (repaired with U+FFFD).
    static func string(_ b: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: b, as: UTF8.self)
    }

    /// Dotted-quad text of an IPv4 address given as an integer (old Jaeger clients' `ip` tag).
    static func ipv4(_ v: Int64) -> String {
        let u = UInt32(truncatingIfNeeded: v)
        return "\(u >> 24).\((u >> 16) & 0xFF).\((u >> 8) & 0xFF).\(u & 0xFF)"
    }
}
