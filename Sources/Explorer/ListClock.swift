import Foundation
import TraceModel

/// How the trace list writes start times: in a time zone (the user's, or UTC with `--utc`),
/// with the date when the loaded traces span more than one day there or one is not from today.
public struct ListClock: Sendable {
    public var zone: TimeZone
    /// Now, in epoch nanoseconds; nil never compares with today (tests and reproducible screens).
    public var now: Int64?

    public static let utc = TimeZone(identifier: "UTC")!

    public init(zone: TimeZone = ListClock.utc, now: Int64? = nil) {
        self.zone = zone
        self.now = now
    }

    /// The zone as the column header names it: "UTC", or its abbreviation ("JST", "GMT+9").
    public func label(at ns: Int64) -> String {
        if zone.secondsFromGMT() == 0 && zone.identifier.uppercased().hasSuffix("UTC") || zone.identifier == "GMT" { return "UTC" }
        return zone.abbreviation(for: Self.date(ns)) ?? zone.identifier
    }

    /// Epoch nanoseconds moved to the zone's wall clock (still counted from the epoch).
    func local(_ ns: Int64) -> Int64 {
        ns &+ Int64(zone.secondsFromGMT(for: Self.date(ns))) * 1_000_000_000
    }

    /// The day (since the epoch) `ns` falls on in the zone.
    func day(_ ns: Int64) -> Int64 {
        let s = local(ns) / 1_000_000_000
        return s >= 0 ? s / 86_400 : (s - 86_399) / 86_400
    }

    /// Whether the list needs dates for traces starting between `first` and `last`.
    public func showsDates(first: Int64, last: Int64) -> Bool {
        if day(first) != day(last) { return true }
        if let now { return day(first) != day(now) }
        return false
    }

    /// "14:03:07.123", or "2026-12-02 14:03:07" with the date.
    public func format(_ ns: Int64, withDate: Bool) -> String {
        let l = local(ns)
        guard withDate else { return Format.clock(l) }
        let (y, m, d) = ModelTime.civil(day: day(ns))
        func p(_ v: Int64, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(p(y, 4))-\(p(m, 2))-\(p(d, 2)) " + Format.clock(l).prefix(8)
    }

    static func date(_ ns: Int64) -> Date { Date(timeIntervalSince1970: Double(ns / 1_000_000_000)) }
}
