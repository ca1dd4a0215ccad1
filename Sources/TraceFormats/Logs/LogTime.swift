import TraceModel

/// Log timestamps: RFC 3339 / ISO 8601 text, or epoch numbers (also as digit strings) in
/// seconds, milliseconds, microseconds or nanoseconds told apart by magnitude. Parsed by hand
/// from bytes: a million log lines must not build a million date formatters or Strings.
enum LogTime {
    /// Epoch nanoseconds from a number's or string's bytes; nil when it is neither a number nor
    /// a date-time.
    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let first = b.first else { return nil }
        if first >= 0x30 && first <= 0x39, b.count >= 5, b[4] == 0x2D { return rfc3339(b) }
        return epoch(b)
    }

    /// Integer or decimal digits, by magnitude: < 10^11 seconds, < 10^14 ms, < 10^17 µs, else ns.
    /// Kept in integers, so "1581385157.14429" is exactly 1581385157144290000. A value beyond
    /// Int64 (19–20 digits) saturates; the loader clamps it into the model's range.
    static func epoch(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        var whole: Int64 = 0
        var digits = 0
        var i = 0
        while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 {
            guard digits < 20 else { return nil }
            whole = ModelTime.sum(ModelTime.scaled(whole, by: 10), Int64(b[i] - 0x30))
            digits += 1
            i += 1
        }
        guard digits > 0 else { return nil }
        // The fraction, as nanoseconds of the unit (up to 9 digits kept).
        var fraction: Int64 = 0
        var fractionDigits = 0
        if i < b.count, b[i] == 0x2E {
            i += 1
            while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 {
                if fractionDigits < 9 { fraction = fraction * 10 + Int64(b[i] - 0x30); fractionDigits += 1 }
                i += 1
            }
        }
        if i < b.count, b[i] == 0x65 || b[i] == 0x45 {
            // Exponent form (1.7e9): rare; go through Double.
            guard let d = Double(String(decoding: b, as: UTF8.self)), d.isFinite, d > 0 else { return nil }
            return byMagnitude(d)
        }
        guard i == b.count else { return nil }
        while fractionDigits < 9 { fraction *= 10; fractionDigits += 1 }
        let scale: Int64
        switch whole {
        case ..<100_000_000_000: scale = 1_000_000_000
        case ..<100_000_000_000_000: scale = 1_000_000
        case ..<100_000_000_000_000_000: scale = 1_000
        default: scale = 1
        }
        return ModelTime.sum(ModelTime.scaled(whole, by: scale), fraction / (1_000_000_000 / scale))
    }

    static func byMagnitude(_ v: Double) -> Int64? {
        let ns = v < 1e11 ? v * 1e9 : v < 1e14 ? v * 1e6 : v < 1e17 ? v * 1e3 : v
        return ns < 9.2e18 ? Int64(ns) : .max  // clamped by the loader, as integers are
    }

    /// `YYYY-MM-DD[T ]hh:mm[:ss[.fraction]][Z|±hh[:mm]]` (also `,` before the fraction as Python
    /// logging writes, lower-case `t`/`z`); no zone means UTC.
    static func rfc3339(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        let n = b.count
        func num(_ at: Int, _ width: Int) -> Int64? {
            guard at + width <= n else { return nil }
            var v: Int64 = 0
            for k in at..<(at + width) {
                let d = b[k] &- 0x30
                guard d <= 9 else { return nil }
                v = v * 10 + Int64(d)
            }
            return v
        }
        guard let year = num(0, 4), b[4] == 0x2D, let month = num(5, 2), n > 7, b[7] == 0x2D, let day = num(8, 2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var seconds = daysFromCivil(year, month, day) * 86_400
        var i = 10
        var nanos: Int64 = 0
        if i < n, b[i] == 0x54 || b[i] == 0x74 || b[i] == 0x20 {
            guard let h = num(i + 1, 2), i + 3 < n, b[i + 3] == 0x3A, let m = num(i + 4, 2), h < 24, m < 60 else { return nil }
            seconds += h * 3600 + m * 60
            i += 6
            if i < n, b[i] == 0x3A {
                guard let s = num(i + 1, 2), s <= 60 else { return nil }
                seconds += s
                i += 3
                if i < n, b[i] == 0x2E || b[i] == 0x2C {
                    i += 1
                    var digits = 0
                    while i < n, b[i] >= 0x30 && b[i] <= 0x39 {
                        if digits < 9 { nanos = nanos * 10 + Int64(b[i] - 0x30); digits += 1 }
                        i += 1
                    }
                    guard digits > 0 else { return nil }
                    while digits < 9 { nanos *= 10; digits += 1 }
                }
            }
            if i < n {
                switch b[i] {
                case 0x5A, 0x7A: i += 1
                case 0x2B, 0x2D:
                    let sign: Int64 = b[i] == 0x2D ? 1 : -1  // local = UTC + offset, so subtract it
                    guard let oh = num(i + 1, 2), oh < 24 else { return nil }
                    i += 3
                    var om: Int64 = 0
                    if i < n, b[i] == 0x3A { i += 1 }
                    if i < n { guard let m = num(i, 2), m < 60 else { return nil }; om = m; i += 2 }
                    seconds += sign * (oh * 3600 + om * 60)
                default: return nil
                }
            }
        }
        guard i == n, seconds > -9_000_000_000, seconds < 9_000_000_000 else { return nil }
        return seconds * 1_000_000_000 + nanos
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
