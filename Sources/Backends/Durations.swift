/// Go-style durations as people type them in queries and options: `150us`, `200ms`, `1.5s`, `2m`,
/// `1h30m`, plus `d` (24 h) and `w` (7 d), which Go lacks but lookbacks need. Values are
/// nanoseconds; decimals are read with integer arithmetic so `format` and `parse` round-trip exactly.
public enum Durations {
    private static let units: [(name: String, ns: Int64)] = [
        ("ns", 1), ("us", 1_000), ("µs", 1_000), ("μs", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000),
        ("m", 60_000_000_000), ("h", 3_600_000_000_000), ("d", 86_400_000_000_000), ("w", 604_800_000_000_000),
    ]

    /// Nanoseconds, or nil for anything that is not a non-negative duration with units
    /// (a bare `0` is accepted, as in Go). Overflow is nil, never a trap.
    public static func parse(_ text: String) -> Int64? {
        let chars = Array(text.unicodeScalars)
        if chars.count == 1, chars[0] == "0" { return 0 }
        var i = 0
        var total: Int64 = 0
        var parts = 0
        while i < chars.count {
            var whole: Int64 = 0
            var fraction: [Int64] = []
            var digits = 0
            while i < chars.count, let d = digitValue(chars[i]) {
                let (m, o1) = whole.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(d)
                if o1 || o2 { return nil }
                whole = a
                digits += 1
                i += 1
            }
            if i < chars.count, chars[i] == "." {
                i += 1
                while i < chars.count, let d = digitValue(chars[i]) {
                    if fraction.count < 18 { fraction.append(d) }
                    digits += 1
                    i += 1
                }
            }
            guard digits > 0 else { return nil }
            var unitEnd = i
            while unitEnd < chars.count, digitValue(chars[unitEnd]) == nil, chars[unitEnd] != "." { unitEnd += 1 }
            let name = String(String.UnicodeScalarView(chars[i..<unitEnd]))
            guard let unit = units.first(where: { $0.name == name })?.ns else { return nil }
            guard let value = scaled(whole: whole, fraction: fraction, unit: unit) else { return nil }
            let (sum, overflow) = total.addingReportingOverflow(value)
            if overflow { return nil }
            total = sum
            parts += 1
            i = unitEnd
        }
        return parts > 0 ? total : nil
    }

    /// The shortest exact form: `0s`, `150us`, `1.5ms`, `200ms`, `1.5s`, `2m`, `1h30m`, `2d`, `1w3d`,
    /// `1m30.5s`. Negative values get a leading `-`.
    public static func format(_ ns: Int64) -> String {
        if ns == 0 { return "0s" }
        if ns < 0 { return ns == .min ? "-" + format(.max) : "-" + format(-ns) }
        var rest = ns
        var out = ""
        for (name, size) in [("w", Int64(604_800_000_000_000)), ("d", 86_400_000_000_000), ("h", 3_600_000_000_000), ("m", 60_000_000_000)] where rest >= size {
            out += "\(rest / size)\(name)"
            rest %= size
        }
        if rest == 0 { return out }
        // Below a minute: one decimal number in the largest unit that keeps it ≥ 1.
        let scale: (Int64, String) = rest >= 1_000_000_000 ? (1_000_000_000, "s") : rest >= 1_000_000 ? (1_000_000, "ms") : rest >= 1_000 ? (1_000, "us") : (1, "ns")
        return out + decimal(rest, scale.0) + scale.1
    }

    /// `value / scale` written with as many decimals as needed and no trailing zeros.
    private static func decimal(_ value: Int64, _ scale: Int64) -> String {
        let whole = value / scale
        var frac = value % scale
        guard frac != 0 else { return String(whole) }
        var width = String(scale).count - 1
        var text = String(frac)
        text = String(repeating: "0", count: width - text.count) + text
        while frac % 10 == 0 {
            frac /= 10
            width -= 1
            text.removeLast()
        }
        return "\(whole).\(text)"
    }

    private static func digitValue(_ c: Unicode.Scalar) -> Int64? {
        c.value >= 48 && c.value <= 57 ? Int64(c.value - 48) : nil
    }

    /// whole·unit + 0.fraction·unit, exact while the fraction's digits fit the unit; digits
    /// beyond the unit's resolution are truncated (as Go does).
    private static func scaled(whole: Int64, fraction: [Int64], unit: Int64) -> Int64? {
        let (base, overflow) = whole.multipliedReportingOverflow(by: unit)
        if overflow { return nil }
        var part: Int64 = 0
        var place = unit
        for d in fraction {
            place /= 10
            if place == 0 { break }
            part += d * place
        }
        let (sum, o) = base.addingReportingOverflow(part)
        return o ? nil : sum
    }
}
