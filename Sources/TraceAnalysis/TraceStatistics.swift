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
    }

    public struct Row: Sendable, Equatable {
        public var service: String
        /// The span name; nil in the per-service table.
        public var operation: String?
        /// Interned ids of `service` and `operation` (`.empty` in the per-service table): lets a
        /// view find the row's spans without comparing strings.
        public var serviceID: StringID
        public var operationID: StringID
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
        let ops = Grouping(set, trees)
        self.init(set, trees, ops, ops.byService())
    }

    init(_ set: TraceSet, _ trees: [TraceTree], _ ops: Grouping, _ services: Grouping) {
        traceCount = trees.count
        // Saturating: each duration is at most 2^62 ns, but thousands of them need not fit.
        traceDurationNs = trees.reduce(0) { ModelTime.sum($0, $1.durationNs) }
        operations = Self.table(set, trees, ops, byOperation: true)
        self.services = Self.table(set, trees, services, byOperation: false)
    }

    /// One trace's statistics and its operation index, sharing the one pass that groups spans.
    public static func withIndex(_ set: TraceSet, tree: TraceTree) -> (TraceStatistics, OperationIndex) {
        let ops = Grouping(set, [tree])
        let services = ops.byService()
        return (TraceStatistics(set, [tree], ops, services), OperationIndex(tree, ops, services))
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

    private static func table(_ set: TraceSet, _ trees: [TraceTree], _ grouping: Grouping, byOperation: Bool) -> [Row] {
        let keys = grouping.keys, groups = grouping.groups, errors = grouping.errors
        let zero = Distribution(minNs: 0, meanNs: 0, p50Ns: 0, p95Ns: 0, maxNs: 0)
        var rows = keys.map { k in
            Row(service: set.strings[k.service], operation: byOperation ? set.strings[k.name] : nil,
                serviceID: k.service, operationID: k.name, count: 0, errorCount: 0, totalNs: 0, selfNs: 0, criticalNs: 0, duration: zero, selfTime: zero)
        }
        var k = 0
        for tree in trees {
            for n in tree.nodes {
                let g = Int(groups[k])
                k += 1
                rows[g].count += 1
                if errors[k - 1] { rows[g].errorCount += 1 }
                rows[g].totalNs = ModelTime.sum(rows[g].totalNs, n.duration)
                rows[g].selfNs = ModelTime.sum(rows[g].selfNs, n.selfNs)
                rows[g].criticalNs = ModelTime.sum(rows[g].criticalNs, n.criticalNs)
            }
        }
        fillDistributions(&rows, trees, groups)
        return rows.sorted { a, b in
            a.service != b.service ? a.service < b.service : (a.operation ?? "") < (b.operation ?? "")
        }
    }

    /// Groups values with a counting sort into one flat array, then selects each group's
    /// percentiles in linear expected time (no full sort: a million-span group stays cheap).
    private static func fillDistributions(_ rows: inout [Row], _ trees: [TraceTree], _ groups: [Int32]) {
        let counts = rows.map(\.count)
        var durations: [Int64], selfs: [Int64], offset: [Int]
        (durations, offset) = grouped(trees, groups, counts: counts) { $0.duration }
        (selfs, _) = grouped(trees, groups, counts: counts) { $0.selfNs }
        for r in rows.indices where rows[r].count > 0 {
            rows[r].duration = Distribution(selecting: &durations, offset[r] ..< offset[r + 1], total: rows[r].totalNs)
            rows[r].selfTime = Distribution(selecting: &selfs, offset[r] ..< offset[r + 1], total: rows[r].selfNs)
        }
    }

    /// A value of every node of `trees`, laid out group by group with a counting sort: group g's
    /// values are `values[offset[g] ..< offset[g + 1]]`. `groups` holds each node's group, in order.
    static func grouped(_ trees: [TraceTree], _ groups: [Int32], counts: [Int],
                        _ value: (TraceTree.Node) -> Int64) -> (values: [Int64], offset: [Int]) {
        var offset = [Int](repeating: 0, count: counts.count + 1)
        for g in counts.indices { offset[g + 1] = offset[g] + counts[g] }
        var fill = offset
        var values = [Int64](repeating: 0, count: groups.count)
        var k = 0
        for tree in trees {
            for n in tree.nodes {
                let g = Int(groups[k])
                k += 1
                values[fill[g]] = value(n)
                fill[g] += 1
            }
        }
        return (values, offset)
    }
}

extension TraceStatistics.Distribution {
    /// Same numbers as sorting `values[range]` and reading nearest ranks; reorders the range.
    init(selecting values: inout [Int64], _ range: Range<Int>, total: Int64) {
        var lo = Int64.max, hi = Int64.min
        for i in range {
            lo = min(lo, values[i])
            hi = max(hi, values[i])
        }
        let n = range.count
        let k95 = range.lowerBound + max(1, min(n, (95 * n + 99) / 100)) - 1
        let k50 = range.lowerBound + max(1, min(n, (50 * n + 99) / 100)) - 1
        Selection.select(&values, range, k95)
        Selection.select(&values, range.lowerBound ..< k95 + 1, k50)
        self.init(minNs: lo, meanNs: Self.mean(values[range], total: total), p50Ns: values[k50], p95Ns: values[k95], maxNs: hi)
    }

    /// The rounded mean from the (saturating) total; when the total saturated, exactly from the
    /// values by summing quotients and remainders apart (neither sum can overflow), so a group
    /// of very long spans still gets its true mean.
    static func mean(_ values: ArraySlice<Int64>, total: Int64) -> Int64 {
        let n = Int64(values.count)
        guard total == .max else { return ModelTime.sum(total, n / 2) / n }
        var quotients: Int64 = 0, remainders: Int64 = 0
        for v in values {
            quotients += v / n
            remainders += v % n
        }
        return quotients + (remainders + n / 2) / n
    }
}

/// Iterative quickselect (Hoare partition, median-of-three pivot).
enum Selection {
    /// Reorders `a[range]` so that `a[k]` is the value a sort would put there, with no larger
    /// value before it and no smaller one after it.
    static func select(_ a: inout [Int64], _ range: Range<Int>, _ k: Int) {
        var lo = range.lowerBound, hi = range.upperBound - 1
        while hi > lo {
            if hi - lo < 16 {
                insertionSort(&a, lo, hi)
                return
            }
            let pivot = medianOfThree(a[lo], a[lo + (hi - lo) / 2], a[hi])
            var i = lo, j = hi
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j {
                    a.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { return }
        }
    }

    private static func medianOfThree(_ x: Int64, _ y: Int64, _ z: Int64) -> Int64 {
        max(min(x, y), min(max(x, y), z))
    }

    private static func insertionSort(_ a: inout [Int64], _ lo: Int, _ hi: Int) {
        var i = lo + 1
        while i <= hi {
            let v = a[i]
            var j = i - 1
            while j >= lo && a[j] > v {
                a[j + 1] = a[j]
                j -= 1
            }
            a[j + 1] = v
            i += 1
        }
    }
}
