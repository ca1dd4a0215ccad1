import TraceModel

/// Per-service and per-(service, operation) tables over one or many trees (analysis-rules §5):
/// where the time goes, including critical-path time per operation across traces (CRISP-style).
///
/// Rows are sorted by service name, then operation name (plain `String` order); callers re-sort.
public struct TraceStatistics: Sendable, Equatable {
    /// How a set of durations is spread, in nanoseconds.
    ///
    /// Percentiles use the nearest-rank definition (the rules leave it open): pXX is the value at
    /// 1-based rank ⌈XX·N/100⌉ of the ascending values, so it is always an observed value.
    /// `meanNs` is the integer mean, rounded half up.
    public struct Distribution: Sendable, Equatable {
        public var minNs: Int64
        public var meanNs: Int64
        public var p50Ns: Int64
        public var p95Ns: Int64
        public var maxNs: Int64

        public init(minNs: Int64, meanNs: Int64, p50Ns: Int64, p95Ns: Int64, maxNs: Int64) {
            self.minNs = minNs
            self.meanNs = meanNs
            self.p50Ns = p50Ns
            self.p95Ns = p95Ns
            self.maxNs = maxNs
        }

        /// `sorted` must be ascending and not empty.
        init(sorted: ArraySlice<Int64>, total: Int64) {
            let n = Int64(sorted.count)
            minNs = sorted.first ?? 0
            maxNs = sorted.last ?? 0
            meanNs = n == 0 ? 0 : (total + n / 2) / n
            p50Ns = TraceStatistics.percentile(sorted, 50)
            p95Ns = TraceStatistics.percentile(sorted, 95)
        }
    }

    public struct Row: Sendable, Equatable {
        public var service: String
        /// The span name; nil in the per-service table.
        public var operation: String?
        public var count: Int
        public var errorCount: Int
        /// Sum of span durations.
        public var totalNs: Int64
        public var selfNs: Int64
        public var criticalNs: Int64
        public var duration: Distribution
        public var selfTime: Distribution
    }

    public var traceCount: Int
    /// Sum of the trees' durations: the denominator of every percentage.
    public var traceDurationNs: Int64
    public var services: [Row]
    public var operations: [Row]

    public init(_ set: TraceSet, tree: TraceTree) {
        self.init(set, trees: [tree])
    }

    public init(_ set: TraceSet, trees: [TraceTree]) {
        traceCount = trees.count
        traceDurationNs = trees.reduce(0) { $0 + $1.durationNs }
        operations = Self.table(set, trees, byOperation: true)
        services = Self.table(set, trees, byOperation: false)
    }

    /// `ns` as a percentage of `traceDurationNs` (0 when that is 0).
    public func percentOfTraceTime(_ ns: Int64) -> Double {
        traceDurationNs == 0 ? 0 : Double(ns) * 100 / Double(traceDurationNs)
    }

    /// Nearest rank: the value at 1-based rank ⌈p·N/100⌉ (at least 1) of ascending `sorted`.
    public static func percentile<C: RandomAccessCollection>(_ sorted: C, _ p: Int) -> Int64
    where C.Element == Int64, C.Index == Int {
        guard !sorted.isEmpty else { return 0 }
        let n = sorted.count
        let rank = max(1, min(n, (p * n + 99) / 100))
        return sorted[sorted.startIndex + rank - 1]
    }

    private struct Key: Hashable {
        var service: StringID
        var name: StringID
    }

    private static func table(_ set: TraceSet, _ trees: [TraceTree], byOperation: Bool) -> [Row] {
        var groupOf: [Key: Int] = [:]
        var keys: [Key] = []
        var members: [(group: Int32, node: TraceTree.Node)] = []
        for tree in trees {
            for n in tree.nodes {
                let s = set.spans[n.spanIndex]
                let key = Key(service: s.service, name: byOperation ? s.name : .empty)
                let g: Int
                if let known = groupOf[key] { g = known } else {
                    g = keys.count
                    groupOf[key] = g
                    keys.append(key)
                }
                members.append((Int32(g), n))
            }
        }
        var rows = keys.map { k in
            Row(service: set.strings[k.service], operation: byOperation ? set.strings[k.name] : nil,
                count: 0, errorCount: 0, totalNs: 0, selfNs: 0, criticalNs: 0,
                duration: .init(minNs: 0, meanNs: 0, p50Ns: 0, p95Ns: 0, maxNs: 0),
                selfTime: .init(minNs: 0, meanNs: 0, p50Ns: 0, p95Ns: 0, maxNs: 0))
        }
        for (g, n) in members {
            rows[Int(g)].count += 1
            if set.spans[n.spanIndex].isError { rows[Int(g)].errorCount += 1 }
            rows[Int(g)].totalNs += n.duration
            rows[Int(g)].selfNs += n.selfNs
            rows[Int(g)].criticalNs += n.criticalNs
        }
        fillDistributions(&rows, members)
        return rows.sorted { a, b in
            a.service != b.service ? a.service < b.service : (a.operation ?? "") < (b.operation ?? "")
        }
    }

    /// Groups values with a counting sort into one flat array, then sorts each group's slice.
    private static func fillDistributions(_ rows: inout [Row], _ members: [(group: Int32, node: TraceTree.Node)]) {
        var offset = [Int](repeating: 0, count: rows.count + 1)
        for r in rows.indices { offset[r + 1] = offset[r] + rows[r].count }
        var fill = offset
        var durations = [Int64](repeating: 0, count: members.count)
        var selfs = durations
        for (g, n) in members {
            durations[fill[Int(g)]] = n.duration
            selfs[fill[Int(g)]] = n.selfNs
            fill[Int(g)] += 1
        }
        for r in rows.indices where rows[r].count > 0 {
            let range = offset[r] ..< offset[r + 1]
            durations[range].sort()
            selfs[range].sort()
            rows[r].duration = Distribution(sorted: durations[range], total: rows[r].totalNs)
            rows[r].selfTime = Distribution(sorted: selfs[range], total: rows[r].selfNs)
        }
    }
}
