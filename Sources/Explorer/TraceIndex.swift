import Foundation
import TraceAnalysis
import TraceModel

/// Lookups for one opened trace, built once on open so every key press stays O(1) or O(log n).
public final class TraceIndex: Sendable {
    public let traceIndex: Int
    public let tree: TraceTree
    /// `tree` is `Analysis.trees[traceIndex]` itself (not a focused subtree, not the other skew
    /// times): the cached per-trace statistics and operation index apply to its node numbers.
    public let isAnalysedTree: Bool
    /// Node indices of error spans, ascending (= preorder).
    public let errorNodes: [Int32]
    /// Orphan roots, ascending; their subtrees sit under a placeholder row.
    public let orphanRoots: [Int32]
    /// Critical-path sections grouped by node: node i's are `critSegs[critStart[i] ..< critStart[i+1]]`.
    let critStart: [Int32]
    let critSegs: [TraceTree.PathSegment]
    /// Critical-path sections in time order (start, then end, then node), for `p` / `P`.
    /// Sorted on first use: opening a million-span trace must not wait for it.
    public var critByTime: [TraceTree.PathSegment] { critByTimeCache.value }
    /// Node indices by self time, largest first; ties in display (pre)order. For `s` / `S`.
    /// Sorted on first use, like `critByTime`.
    public var selfOrder: [Int32] { selfOrderCache.value }
    private let critByTimeCache: Lazy<[TraceTree.PathSegment]>
    private let selfOrderCache: Lazy<[Int32]>
    /// The trace's logs resolved to nodes; built on first use, free for a trace without logs.
    var logs: TraceLogs { logsCache.value }
    private let logsCache: Lazy<TraceLogs>
    /// Every log line of the trace (records, and events when the trace is not huge), for `A`.
    var traceLogLines: (lines: [LogEntry], eventsShown: Bool) { traceLinesCache.value }
    private let traceLinesCache: Lazy<(lines: [LogEntry], eventsShown: Bool)>
    /// Per node: its subtree holds a critical-path section. For `C`; built on first use.
    var criticalSubtree: [Bool] { criticalSubtreeCache.value }
    /// Per node: length of the run of adjacent same-service-and-name siblings it starts (0 when
    /// it does not start one of 2 or more). For folding fan-outs (`z`); built on first use.
    var sameNameRuns: [Int32] { sameNameRunsCache.value }
    /// Every row of the waterfall with nothing collapsed or filtered (orphans' placeholders
    /// included): expanding all, or turning `C` / `z` off, copies it instead of walking the tree.
    var allRows: [Int32] { allRowsCache.value }
    /// Children on another host sticking out of their parent (see `skewCandidates(_:_:)`):
    /// 0 means `K` has nothing to adjust. Counted on first use.
    var skewCandidates: Int { skewCandidatesCache.value }
    private let skewCandidatesCache: Lazy<Int>
    /// The same trace with the other clock-skew setting (for `K`); nil when the trace has no
    /// skew to adjust. Built on first use, or ahead of it on large skewed traces (`prefetch`).
    /// The other times of the other times are this index again, never a new build.
    var otherTimes: TraceIndex? {
        if let origin { return origin }
        return otherTimesCache.value(self)
    }
    private let otherTimesCache: LazyOf<TraceIndex, TraceIndex?>
    /// `otherTimes` answers without building (or waiting for a build).
    var otherTimesReady: Bool { origin != nil || otherTimesCache.isComputed }
    /// Set on an index made as another's other skew times: `otherTimes` leads back to it. Weak:
    /// the origin keeps this index in its cache.
    private weak let origin: TraceIndex?
    /// Node of each span (by index into `TraceSet.spans`; -1 for spans of other traces): `K`
    /// carries the cursor and collapsed spans across trees in O(collapsed). Built on first use.
    var nodeOfSpan: [Int32] { nodeOfSpanCache.value }
    private let nodeOfSpanCache: Lazy<[Int32]>
    /// Statistics of this tree when it is not `Analysis.trees[traceIndex]` itself (a focused
    /// subtree, the other skew times): computed once, on the first `t` there.
    var ownStatistics: (TraceStatistics, OperationIndex) { ownStatisticsCache.value }
    private let ownStatisticsCache: Lazy<(TraceStatistics, OperationIndex)>
    private let criticalSubtreeCache: Lazy<[Bool]>
    private let sameNameRunsCache: Lazy<[Int32]>
    private let allRowsCache: Lazy<[Int32]>
    /// Rows (and their virtual rows) of each `z` level with nothing collapsed or unfolded and
    /// `C` off, by level (index 0 unused): cycling `z` on a large trace is then a copy.
    private let levelRowsCache: [Lazy<RowModel>]

    convenience init(data: ExplorerData, traceIndex: Int) {
        self.init(data: data, traceIndex: traceIndex, tree: data.analysis.trees[traceIndex], analysed: true)
    }

    /// `tree` is the trace's tree, or another view of it (a focused subtree, other skew times:
    /// then `origin` is the index it is the other times of).
    init(data: ExplorerData, traceIndex: Int, tree: TraceTree, analysed: Bool = false, origin: TraceIndex? = nil) {
        self.traceIndex = traceIndex
        self.tree = tree
        self.origin = origin
        isAnalysedTree = analysed
        let spans = data.set.spans
        var errs: [Int32] = []
        var orphans: [Int32] = []
        for (i, n) in tree.nodes.enumerated() {
            if spans[n.spanIndex].isError { errs.append(Int32(i)) }
            if n.isRoot && n.isOrphan { orphans.append(Int32(i)) }
        }
        errorNodes = errs
        orphanRoots = orphans
        // Counting sort by node keeps this O(n) for a million-span path.
        var start = [Int32](repeating: 0, count: tree.nodes.count + 1)
        for s in tree.criticalPath { start[Int(s.node) + 1] += 1 }
        for i in 0..<tree.nodes.count { start[i + 1] += start[i] }
        var fill = start
        var segs = [TraceTree.PathSegment](repeating: .init(node: 0, startNs: 0, endNs: 0), count: tree.criticalPath.count)
        for s in tree.criticalPath {
            segs[Int(fill[Int(s.node)])] = s
            fill[Int(s.node)] += 1
        }
        critStart = start
        critSegs = segs
        let logsCache = Lazy { TraceLogs(data: data, tree: tree) }
        self.logsCache = logsCache
        traceLinesCache = Lazy { logsCache.value.traceLines(data: data, tree: tree) }
        critByTimeCache = Lazy {
            tree.criticalPath.sorted { ($0.startNs, $0.endNs, $0.node) < ($1.startNs, $1.endNs, $1.node) }
        }
        selfOrderCache = Lazy {
            let nodes = tree.nodes
            return (0..<Int32(nodes.count)).sorted {
                let a = nodes[Int($0)].selfNs, b = nodes[Int($1)].selfNs
                return a != b ? a > b : $0 < $1
            }
        }
        criticalSubtreeCache = Lazy { Self.criticalSubtree(tree) }
        sameNameRunsCache = Lazy { Self.sameNameRuns(tree, spans) }
        let set = data.set
        skewCandidatesCache = Lazy { ClockSkew.candidateCount(tree, set) }
        let candidates = skewCandidatesCache, traceIndex = traceIndex
        otherTimesCache = LazyOf { [weak data] owner in
            let adjusted = tree.skewAdjustedCount > 0
            guard let data, adjusted || candidates.value > 0 else { return nil }
            data.extraTreeBuilds.add(1, ordering: .relaxed)
            let t = TraceTree.build(data.set, data.analysis.traces[traceIndex], options: AnalysisOptions(adjustSkew: !adjusted))
            let other = TraceIndex(data: data, traceIndex: traceIndex, tree: t, origin: owner)
            if t.nodes.count >= Thresholds.prefetchSpans {
                // Large: what the first keys after `K` need, ready before it is pressed.
                _ = other.nodeOfSpan
                other.prefetch()
            }
            return other
        }
        let spanCount = set.spans.count
        nodeOfSpanCache = Lazy {
            var map = [Int32](repeating: -1, count: spanCount)
            for (i, n) in tree.nodes.enumerated() { map[n.spanIndex] = Int32(i) }
            return map
        }
        ownStatisticsCache = Lazy { TraceStatistics.withIndex(set, tree: tree) }
        allRowsCache = Lazy {
            var rows = RowModel()
            rows.rebuild(tree: tree, collapsed: [])
            return rows.visibleRows
        }
        let runs = sameNameRunsCache, all = allRowsCache
        levelRowsCache = WaterfallState.sizeLevels.indices.map { level in
            Lazy {
                var w = Walk(tree: tree)
                w.filter = WaterfallState.sizeFilter(level, duration: tree.durationNs)
                w.runs = runs.value
                var rows = RowModel()
                if w.filter.minDuration == 0 && !w.runs.contains(where: { $0 >= Int32(w.filter.foldMin) }) {
                    // Nothing to fold or hide: the full rows.
                    w.allRows = all.value
                    w.filter = RowFilter()
                }
                rows.rebuild(w, collapsed: [])
                return rows
            }
        }
    }

    /// The cached rows for `filter`, when it is a plain `z` level (see `levelRowsCache`).
    func levelRows(_ filter: RowFilter) -> RowModel? {
        guard !filter.criticalOnly, filter.foldMin > 0 else { return nil }
        for level in 1..<WaterfallState.sizeLevels.count
        where WaterfallState.sizeFilter(level, duration: tree.durationNs) == filter {
            return levelRowsCache[level].value
        }
        return nil
    }

    /// Builds the caches `C`, `z` and `K` need on two background threads, so that on a large
    /// trace the first press does not wait for an O(n) pass (a press before they finish waits on
    /// the cache's lock). One thread does the short passes (`C`, `K`), the other `z`'s runs and
    /// level rows.
    func prefetch() {
        Background.run { [self] in
            _ = criticalSubtree
            // A view of its own (focus, other skew times): `t` needs its own statistics.
            if !isAnalysedTree { _ = ownStatistics }
            // A skewed trace: build the other times now, so the first `K` is a swap.
            if skewCandidates > 0 || tree.skewAdjustedCount > 0 {
                _ = otherTimes
                _ = nodeOfSpan
            }
        }
        Background.run { [self] in
            _ = sameNameRuns
            for level in 1..<WaterfallState.sizeLevels.count { _ = levelRowsCache[level].value }
        }
    }

    /// Reverse preorder visits children before parents: one pass marks every ancestor.
    static func criticalSubtree(_ tree: TraceTree) -> [Bool] {
        let nodes = tree.nodes
        var has = [Bool](repeating: false, count: nodes.count)
        for i in stride(from: nodes.count - 1, through: 0, by: -1) {
            if nodes[i].flags.contains(.onCriticalPath) { has[i] = true }
            if has[i], nodes[i].parent >= 0 { has[Int(nodes[i].parent)] = true }
        }
        return has
    }

    /// Siblings are adjacent in preorder (the next one starts at `subtreeEnd`), so one walk over
    /// each parent's children finds the runs: O(n), no hashing.
    static func sameNameRuns(_ tree: TraceTree, _ spans: [Span]) -> [Int32] {
        let nodes = tree.nodes
        var runs = [Int32](repeating: 0, count: nodes.count)
        for p in nodes.indices where nodes[p].childCount > 1 {
            let end = Int(nodes[p].subtreeEnd)
            var first = p + 1
            var c = Int(nodes[first].subtreeEnd)
            var len: Int32 = 1
            let same = { (a: Int, b: Int) -> Bool in
                let x = spans[nodes[a].spanIndex], y = spans[nodes[b].spanIndex]
                return x.name == y.name && x.service == y.service
            }
            while c < end {
                if same(first, c) {
                    len += 1
                } else {
                    if len > 1 { runs[first] = len }
                    first = c
                    len = 1
                }
                c = Int(nodes[c].subtreeEnd)
            }
            if len > 1 { runs[first] = len }
        }
        return runs
    }

    /// Index of the first time-ordered critical section starting at or after `t` (or count).
    func firstCriticalSection(atOrAfter t: Int64) -> Int {
        var lo = 0, hi = critByTime.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if critByTime[mid].startNs < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    func criticalSegments(_ node: Int) -> ArraySlice<TraceTree.PathSegment> {
        critSegs[Int(critStart[node]) ..< Int(critStart[node + 1])]
    }

    /// True when `node` lies in an orphan's subtree (drawn one level deeper, under its placeholder).
    func isUnderOrphan(_ node: Int32) -> Bool {
        guard let r = Search.lastAtOrBefore(orphanRoots, node) else { return false }
        return node < tree.nodes[Int(r)].subtreeEnd
    }

    func hasNextSibling(_ node: Int) -> Bool {
        let p = Int(tree.nodes[node].parent)
        return p >= 0 && tree.nodes[p].subtreeEnd > tree.nodes[node].subtreeEnd
    }
}
