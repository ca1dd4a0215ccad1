import TraceModel
/// Collects partial-input problems: distinct messages once each (up to a cap), and repeated
/// ones ("spans have no endTimeUnixNano") as a single counted line, so a million bad spans
/// make one warning, not a million.
public struct ProblemCounter: Sendable {
    private var notes: [String] = []
    private var noteSet: Set<String> = []
    private var suppressed = 0
    private var counts: [String: Int] = [:]
    private var countOrder: [String] = []
    public static let maxNotes = 20

    public init() {}

    public mutating func note(_ message: String) {
        if noteSet.contains(message) { return }
        if notes.count >= Self.maxNotes { suppressed += 1; return }
        notes.append(message)
        noteSet.insert(message)
    }

    public mutating func count(_ what: String) {
        if counts[what] == nil { countOrder.append(what) }
        counts[what, default: 0] += 1
    }

    public mutating func merge(_ other: ProblemCounter) {
        for n in other.notes { note(n) }
        suppressed += other.suppressed
        for w in other.countOrder {
            if counts[w] == nil { countOrder.append(w) }
            counts[w, default: 0] += other.counts[w]!
        }
    }

    public func lines() -> [String] {
        var out = notes
        if suppressed > 0 { out.append("\(Plural.counted(suppressed, "more problem")) like the above") }
        for w in countOrder { out.append("\(counts[w]!) \(w)") }
        return out
    }
}
