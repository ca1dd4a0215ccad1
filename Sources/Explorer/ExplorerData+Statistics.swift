import Foundation
import TraceAnalysis
import TraceModel

/// Statistics per trace and over the whole loaded set, and the per-operation medians that mark
/// outliers. Each is computed once, on first use (a million-span trace takes a few hundred ms),
/// and then shared by every state value.
final class SlowPartCache: @unchecked Sendable {
    let set: TraceSet
    let trees: [TraceTree]
    let lock = NSLock()
    private var perTrace: [Int: TraceStatistics] = [:]
    private var all: TraceStatistics?
    var indexes: [Int: OperationIndex] = [:]
    private let baselineCache: Lazy<OperationBaseline>
    /// How many tables were computed (tests prove that keys reuse them).
    private(set) var computations = 0

    init(set: TraceSet, trees: [TraceTree]) {
        self.set = set
        self.trees = trees
        baselineCache = Lazy { OperationBaseline(set, trees: trees) }
    }

    /// Medians per (service, operation) over every loaded trace.
    var baseline: OperationBaseline { baselineCache.value }

    /// The statistics of trace `index` (into `Analysis.trees`), or of all traces when nil.
    func statistics(trace index: Int?) -> TraceStatistics {
        lock.lock()
        defer { lock.unlock() }
        // With one trace loaded, "all" and "this trace" are the same table.
        let key = index ?? (trees.count == 1 ? 0 : nil)
        if let key, let s = perTrace[key] { return s }
        if key == nil, let all { return all }
        computations += 1
        let s = key.map { TraceStatistics(set, tree: trees[$0]) } ?? TraceStatistics(set, trees: trees)
        if let key { perTrace[key] = s } else { all = s }
        return s
    }
}

extension SlowPartCache {
    /// Trace `index`'s nodes per operation and per service (for `<Enter>` on a statistics row).
    func operationIndex(trace index: Int) -> OperationIndex {
        lock.lock()
        defer { lock.unlock() }
        if let x = indexes[index] { return x }
        let x = OperationIndex(set, tree: trees[index])
        indexes[index] = x
        return x
    }
}

extension ExplorerData {
    /// Non-nil when node `n`'s span is far slower than its operation usually is.
    func outlier(_ n: TraceTree.Node) -> OperationBaseline.Outlier? {
        slowPart.baseline.outlier(set.spans[n.spanIndex], durationNs: n.duration)
    }
}
