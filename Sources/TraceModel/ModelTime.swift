/// The one rule for every time in the model (span start and end, span event, log record, Zipkin
/// annotation): it lies in [0, 2^62] ns, 1970 to 2116, and a span lasts at most 2^55 ns (about
/// 1.1 years). Decoders clamp what a file says into this range and count it in a warning; after
/// that, any sum or difference of two model times fits in Int64 with room to spare, so no
/// analysis or view can trap on a damaged file. Arithmetic on times *before* clamping goes
/// through `difference` and `scaled`, which saturate instead of trapping.
public enum ModelTime {
    public static let earliest: Int64 = 0
    public static let latest: Int64 = 1 << 62
    public static let longest: Int64 = 1 << 55

    public static func clamp(_ t: Int64) -> Int64 { min(max(t, earliest), latest) }
    public static func clampDuration(_ d: Int64) -> Int64 { min(max(d, 0), longest) }

    public static func isRepresentable(_ t: Int64) -> Bool { t >= earliest && t <= latest }

    /// `end - start` of two raw times; saturates at the Int64 bounds.
    public static func difference(_ end: Int64, _ start: Int64) -> Int64 {
        let (d, over) = end.subtractingReportingOverflow(start)
        return over ? (end > start ? .max : .min) : d
    }

    /// `t + d` of raw values; saturates at the Int64 bounds.
    public static func sum(_ t: Int64, _ d: Int64) -> Int64 {
        let (s, over) = t.addingReportingOverflow(d)
        return over ? (d > 0 ? .max : .min) : s
    }

    /// `d × k / n` for 0 ≤ k ≤ n, exact and without an intermediate overflow (a trace may span
    /// the whole range, 2^62 ns, and eight times that does not fit).
    public static func part(_ d: Int64, _ k: Int, of n: Int) -> Int64 {
        guard n > 0 else { return 0 }
        return Int64(n).dividingFullWidth(d.multipliedFullWidth(by: Int64(k))).quotient
    }

    /// `t × unit` (µs → ns and the like); saturates at the Int64 bounds.
    public static func scaled(_ t: Int64, by unit: Int64) -> Int64 {
        let (v, over) = t.multipliedReportingOverflow(by: unit)
        return over ? ((t < 0) != (unit < 0) ? .min : .max) : v
    }
}

extension TraceSet {
    /// How many spans and log records had times outside `ModelTime`'s range (or a span's
    /// `timeClamped` flag from its decoder); their times are clamped into it.
    public mutating func clampTimes() -> (spans: Int, logs: Int) {
        var spanCount = 0
        for i in spans.indices {
            let s = spans[i]
            guard s.flags.contains(.timeClamped) || !ModelTime.isRepresentable(s.start)
                || s.duration < 0 || s.duration > ModelTime.longest else { continue }
            spans[i].start = ModelTime.clamp(s.start)
            spans[i].duration = ModelTime.clampDuration(s.duration)
            spans[i].flags.insert(.timeClamped)
            spanCount += 1
        }
        var logCount = 0
        for i in logs.indices where !ModelTime.isRepresentable(logs[i].time) {
            logs[i].time = ModelTime.clamp(logs[i].time)
            logCount += 1
        }
        return (spanCount, logCount)
    }
}
