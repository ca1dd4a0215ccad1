import TraceModel
/// Number formatting for reports: exact microseconds for JSON, human units for text.
public enum Units {
    /// Nanoseconds as a decimal number of microseconds, exact, at most 3 decimals, no trailing
    /// zeros: 1500 → "1.5", 1000 → "1", 1 → "0.001", -2500 → "-2.5". Printed from the integer,
    /// never through a Double (epoch µs need more digits than a Double keeps exactly).
    public static func micros(_ ns: Int64) -> String {
        let negative = ns < 0
        let magnitude = ns.magnitude
        let whole = magnitude / 1000
        var fraction = magnitude % 1000
        var text = (negative ? "-" : "") + String(whole)
        if fraction != 0 {
            var digits = 3
            while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
            let f = String(fraction)
            text += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return text
    }

    /// A duration in the unit that keeps 3–4 significant digits: "850 ns", "12.4 µs",
    /// "1.23 ms", "4.56 s", "2m05s".
    public static func duration(_ ns: Int64) -> String {
        let a = ns.magnitude
        let sign = ns < 0 ? "-" : ""
        if a < 1_000 { return "\(sign)\(a) ns" }
        if a < 1_000_000 { return sign + scaled(a, 1_000) + " µs" }
        if a < 1_000_000_000 { return sign + scaled(a, 1_000_000) + " ms" }
        if a < 60_000_000_000 { return sign + scaled(a, 1_000_000_000) + " s" }
        let seconds = a / 1_000_000_000
        if seconds < 3600 { return "\(sign)\(seconds / 60)m\(pad2(seconds % 60))s" }
        return "\(sign)\(seconds / 3600)h\(pad2(seconds / 60 % 60))m"
    }

    /// `value / unit` with 3 significant digits (at most 2 decimals), rounded half up.
    static func scaled(_ value: UInt64, _ unit: UInt64) -> String {
        // Decimals so that the result has about three significant digits.
        let whole = value / unit
        let decimals = whole >= 100 ? 0 : whole >= 10 ? 1 : 2
        var scale: UInt64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale + unit / 2) / unit
        let w = rounded / scale
        if decimals == 0 { return String(w) }
        let f = String(rounded % scale)
        return String(w) + "." + String(repeating: "0", count: decimals - f.count) + f
    }

    static func pad2(_ v: UInt64) -> String { v < 10 ? "0\(v)" : String(v) }

    /// A percentage with one decimal: "12.5%".
    public static func percent(_ part: Int64, of whole: Int64) -> String {
        guard whole > 0 else { return "-" }
        // In floating point: times from damaged input can be large enough to overflow part × 1000.
        let v = (Double(part) * 1000 / Double(whole)).rounded()
        let tenths: Int64 = !v.isFinite ? 0 : v >= 9e18 ? 9_000_000_000_000_000_000 : v <= -9e18 ? -9_000_000_000_000_000_000 : Int64(v)
        return (tenths < 0 ? "-" : "") + "\(tenths.magnitude / 10).\(tenths.magnitude % 10)%"
    }

    /// Thousands separators: 1234567 → "1,234,567".
    /// "1 trace", "1,234 traces": `count` with thousands separators and `Plural`'s noun.
    public static func counted(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        count(n) + " " + Plural.word(n, singular, plural)
    }

    public static func count(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
