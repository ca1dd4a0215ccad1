import Foundation
import TraceModel

/// What arrives from live sources (`--follow`, and later backends and receivers), as messages
/// the run loop hands to `update`.
public enum LiveEvent: Sendable, Equatable {
    /// The next generation of the loaded data, built off the UI thread (`LiveFeed`).
    case data(ExplorerData, spans: Int, at: Date)
    /// A source's note for the status line (a truncated file reread, a source that ended).
    case notice(String)
    /// The source's own standing line (`listen`: addresses, spans per second, store size), shown
    /// in the title until the next one; `at` is the explorer's clock for "still arriving".
    case status(String, at: Date)

    public static func == (a: LiveEvent, b: LiveEvent) -> Bool {
        switch (a, b) {
        case (.data(let x, let n, let t), .data(let y, let m, let u)): return x === y && n == m && t == u
        case (.notice(let x), .notice(let y)): return x == y
        case (.status(let x, let t), .status(let y, let u)): return x == y && t == u
        default: return false
        }
    }
}

/// The explorer's view of live data: whether it follows, what arrived since the person last
/// looked, and a generation held back while following is paused.
public struct LiveState: Sendable {
    /// New data is shown as it arrives (`w` pauses, so rows stop moving while one reads).
    public var following = true
    /// Data that arrived while paused; adopted when following resumes.
    var held: ExplorerData?
    /// A held generation is, or was built on, a replacement (`LiveFeed.replace`).
    var heldReplaces = false
    /// Traces and spans that arrived since the last key press.
    public var newTraces = 0
    public var newSpans = 0
    /// Spans that arrived while paused (not yet shown).
    public var heldSpans = 0
    public var lastArrival: Date?
    /// Trace slots at or past this one arrived after the last look (marked in the list).
    public var firstUnseen = Int.max
    /// The source's standing line (`LiveEvent.status`).
    public var status: String?
    /// Whether traces are marked as still arriving: for receivers (`listen`), where spans of
    /// one trace come from several services over seconds; not for a backend's fetched traces,
    /// which arrive whole.
    public var marksArriving = false
    /// When each trace last got spans: a trace is "still arriving" until it has been quiet for
    /// `quietSeconds`. By id, so it survives a replacement that renumbers the traces.
    var lastChange: [TraceID: Date] = [:]
    /// The explorer's idea of now: the time of the newest live event (views never read the
    /// clock, so a screen is a function of the state).
    public var now: Date?
    public static let quietSeconds = 5.0

    /// The trace got spans within the last `quietSeconds`.
    public func isArriving(_ id: TraceID) -> Bool {
        guard marksArriving, let t = lastChange[id], let now else { return false }
        return now.timeIntervalSince(t) < Self.quietSeconds
    }

    /// Notes the traces a generation changed, and forgets those quiet for long.
    mutating func noteChanges(_ ids: [TraceID], at: Date) {
        now = max(now ?? at, at)
        guard marksArriving else { return }
        for id in ids { lastChange[id] = at }
        if lastChange.count > 4096 || lastChange.count > 2 * ids.count + 256 {
            lastChange = lastChange.filter { at.timeIntervalSince($0.value) < Self.quietSeconds }
        }
    }

    /// "live · +3 new · 12:04:05", or "paused · 1,204 spans waiting (w resumes)".
    public func label(now: Date = Date()) -> String {
        if !following { return "paused · \(heldSpans) span\(heldSpans == 1 ? "" : "s") waiting (w resumes)" }
        var text = status.map { "live · " + $0 } ?? "live"
        if newTraces > 0 { text += " · +\(newTraces) new" } else if newSpans > 0 { text += " · +\(newSpans) spans" }
        if heldSpans > 0 { text += " · \(heldSpans) span\(heldSpans == 1 ? "" : "s") waiting" }
        if let t = lastArrival { text += " · " + Self.clock(t) }
        return text
    }

    static func clock(_ t: Date) -> String {
        var tt = time_t(t.timeIntervalSince1970)
        var parts = tm()
        localtime_r(&tt, &parts)
        return String(format: "%02d:%02d:%02d", parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}
