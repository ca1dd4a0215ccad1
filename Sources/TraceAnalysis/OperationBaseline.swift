import TraceModel

/// The typical duration of each (service, operation) over all loaded traces, for flagging
/// outliers: a span whose duration is at least `ratio` times its operation's median, when the
/// operation has at least `minSamples` spans (fewer make the median meaningless), and the median
/// is above zero. The median is the nearest-rank p50, the same number the statistics show.
public struct OperationBaseline: Sendable {
    public static let ratio: Int64 = 3
    public static let minSamples = 5

    public struct Entry: Sendable, Equatable {
        public var count: Int
        public var medianNs: Int64
    }

    /// An outlier span: its duration over its operation's median.
    public struct Outlier: Sendable, Equatable {
        public var ratio: Double
        public var medianNs: Int64
        public var count: Int
    }

    /// (service, operation) → index into `entries`.
    private let table: IDTable
    public private(set) var entries: [Entry] = []

    /// One pass to group durations by operation, then a linear-time selection per group.
    public init(_ set: TraceSet, trees: [TraceTree]) {
        let grouping = Grouping(set, trees)
        table = grouping.table
        entries = grouping.counts.map { Entry(count: $0, medianNs: 0) }
        var durations: [Int64], offset: [Int]
        (durations, offset) = TraceStatistics.grouped(trees, grouping.groups, counts: grouping.counts) { $0.duration }
        for g in entries.indices {
            let n = entries[g].count
            let k50 = offset[g] + Swift.max(1, (50 * n + 99) / 100) - 1
            Selection.select(&durations, offset[g] ..< offset[g + 1], k50)
            entries[g].medianNs = durations[k50]
        }
    }

    /// Count and median of `span`'s operation.
    public func entry(for span: Span) -> Entry? {
        table[Grouping.key(span.service, span.name)].map { entries[Int($0)] }
    }

    /// Non-nil when a span of `span`'s operation lasting `durationNs` is an outlier. O(1).
    public func outlier(_ span: Span, durationNs: Int64) -> Outlier? {
        guard let e = entry(for: span), e.count >= Self.minSamples, e.medianNs > 0,
              durationNs >= e.medianNs &* Self.ratio else { return nil }
        return Outlier(ratio: Double(durationNs) / Double(e.medianNs), medianNs: e.medianNs, count: e.count)
    }
}
