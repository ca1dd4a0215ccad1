import Foundation
import TraceAnalysis
import TraceModel

/// Statistics per trace and over the whole loaded set, and the per-operation medians that mark
/// outliers. Each is computed once, on first use (a million-span trace takes a few hundred ms),
/// and then shared by every state value. For large inputs the work starts early on another
/// thread (`prefetch`), so that the first `t` does not wait for it.
final class StatisticsCache: @unchecked Sendable {
    private let set: TraceSet
    private let trees: [TraceTree]
    private let lock = NSLock()
    private var perTrace: [Int: (stats: TraceStatistics, index: OperationIndex)] = [:]
    private var all: TraceStatistics?
    private var prefetched: Set<Int> = []
    private let baselineCache: Lazy<OperationBaseline>
    /// How many tables were computed (tests prove that keys reuse them).
    private(set) var computations = 0

    init(set: TraceSet, trees: [TraceTree]) {
        self.set = set
        self.trees = trees
        baselineCache = Lazy { OperationBaseline(set, trees: trees) }
        // The first waterfall frame needs the medians: start on them while the rest is set up.
        if set.spans.count >= Thresholds.prefetchSpans {
            Background.run { [baselineCache] in _ = baselineCache.value }
        }
    }

    /// Medians per (service, operation) over every loaded trace.
    var baseline: OperationBaseline { baselineCache.value }

    /// The statistics of trace `index` (into `Analysis.trees`), or of all traces when nil.
    func statistics(trace index: Int?) -> TraceStatistics {
        // With one trace loaded, "all" and "this trace" are the same table.
        if let key = index ?? (trees.count == 1 ? 0 : nil) { return entry(key).stats }
        lock.lock()
        defer { lock.unlock() }
        if let all { return all }
        computations += 1
        let s = TraceStatistics(set, trees: trees)
        all = s
        return s
    }

    /// Whether `statistics(trace:)` would answer without computing.
    func hasStatistics(trace index: Int?) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if let key = index ?? (trees.count == 1 ? 0 : nil) { return perTrace[key] != nil }
        return all != nil
    }

    /// Trace `index`'s nodes per operation and per service (for `<Enter>` on a statistics row).
    func operationIndex(trace index: Int) -> OperationIndex { entry(index).index }

    private func entry(_ index: Int) -> (stats: TraceStatistics, index: OperationIndex) {
        lock.lock()
        defer { lock.unlock() }
        if let e = perTrace[index] { return e }
        computations += 1
        let e = TraceStatistics.withIndex(set, tree: trees[index])
        perTrace[index] = e
        return e
    }

    /// Starts computing a large trace's statistics on another thread (once per trace). A `t`
    /// pressed before it is done waits for it instead of starting over.
    func prefetch(trace index: Int) {
        guard index >= 0, index < trees.count, trees[index].nodes.count >= Thresholds.prefetchSpans else { return }
        lock.lock()
        let fresh = prefetched.insert(index).inserted
        lock.unlock()
        guard fresh else { return }
        Background.run { [self] in _ = entry(index) }
    }
}

extension ExplorerData {
    /// Non-nil when node `n`'s span is far slower than its operation usually is.
    func outlier(_ n: TraceTree.Node) -> OperationBaseline.Outlier? {
        statisticsCache.baseline.outlier(set.spans[n.spanIndex], durationNs: n.duration)
    }

    /// Called by the run loop after each frame: starts the open trace's statistics early.
    public func prefetchStatistics(for state: AppState) {
        if case .waterfall(let t) = state.screen { statisticsCache.prefetch(trace: t) }
    }
}
