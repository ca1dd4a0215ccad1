/// RFC 3339 timestamps ↔ Unix nanoseconds, exact to the nanosecond, with integer calendar
/// arithmetic (proleptic Gregorian, the days-from-civil algorithm) rather than a date formatter:
/// queries and api_v3 parameters need exact round trips and no locale or time-zone database.
public enum RFC3339 {
    /// `2026-12-01T10:00:00Z`, `2026-12-01T10:00:00.123456789+02:00`, `t`/`z` in either case, or a
    /// date alone (`2026-12-01`, midnight UTC). Nil for anything else or an impossible date.
    public static func parse(_ text: String) -> Int64? {
        let c = Array(text.utf8)
        func num(_ at: Int, _ width: Int) -> Int64? {
            guard at + width <= c.count else { return nil }
            var v: Int64 = 0
            for i in at..<at + width {
                guard c[i] >= 48, c[i] <= 57 else { return nil }
                v = v * 10 + Int64(c[i] - 48)
            }
            return v
        }
        guard let year = num(0, 4), c.count >= 10, c[4] == 45, let month = num(5, 2), c[7] == 45, let day = num(8, 2),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        let midnight = days(year: year, month: month, day: day) * 86_400
        if c.count == 10 { return midnight * 1_000_000_000 }
        guard c.count >= 20, c[10] == UInt8(ascii: "T") || c[10] == UInt8(ascii: "t"),
              let hour = num(11, 2), c[13] == 58, let minute = num(14, 2), c[16] == 58, let second = num(17, 2),
              hour < 24, minute < 60, second < 61 else { return nil }
        var i = 19
        var nanos: Int64 = 0
        if c[i] == 46 {
            i += 1
            var place: Int64 = 100_000_000
            let first = i
            while i < c.count, c[i] >= 48, c[i] <= 57 {
                nanos += Int64(c[i] - 48) * place
                place /= 10
                i += 1
            }
            guard i > first else { return nil }
        }
        guard i < c.count else { return nil }
        var offset: Int64 = 0
        if c[i] == UInt8(ascii: "Z") || c[i] == UInt8(ascii: "z") {
            guard i + 1 == c.count else { return nil }
        } else {
            guard c[i] == 43 || c[i] == 45, i + 6 == c.count, let oh = num(i + 1, 2), c[i + 3] == 58, let om = num(i + 4, 2),
                  oh < 24, om < 60 else { return nil }
            offset = (oh * 3600 + om * 60) * (c[i] == 45 ? -1 : 1)
        }
        let seconds = midnight + hour * 3600 + minute * 60 + second - offset
        let (ns, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return nil }
        let (total, o2) = ns.addingReportingOverflow(nanos)
        return o2 ? nil : total
    }

    /// UTC with `Z`; fractional seconds only when non-zero, without trailing zeros.
    public static func format(_ ns: Int64) -> String {
        var seconds = ns / 1_000_000_000
        var nanos = ns % 1_000_000_000
        if nanos < 0 {
            nanos += 1_000_000_000
            seconds -= 1
        }
        var dayNumber = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            dayNumber -= 1
        }
        let (y, m, d) = civil(days: dayNumber)
        var out = pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T" + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if nanos != 0 {
            var frac = pad(nanos, 9)
            while frac.hasSuffix("0") { frac.removeLast() }
            out += "." + frac
        }
        return out + "Z"
    }

    private static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private static func isLeap(_ y: Int64) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01.
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
    }
}
