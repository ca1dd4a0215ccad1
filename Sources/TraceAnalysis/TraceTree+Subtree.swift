/// Focus (`f` in the explorer): one node's subtree as a tree of its own.
extension TraceTree {
    /// The subtree of `node` re-rooted: nodes `node ..< subtreeEnd` in the same (pre)order,
    /// indices shifted by `-node`, depths from 0, the root no longer an orphan. Start, duration
    /// and the critical path are recomputed for it; self times are unchanged (a node's self time
    /// only depends on its children). O(subtree).
    public func subtree(at node: Int) -> TraceTree {
        let lo = node, hi = Int(nodes[node].subtreeEnd)
        let base = nodes[node].depth
        var sub = nodes[lo..<hi].map { n -> Node in
            var m = n
            m.parent = n.parent < 0 ? -1 : n.parent - Int32(lo)
            m.depth = n.depth - base
            m.subtreeEnd = n.subtreeEnd - Int32(lo)
            m.criticalNs = 0
            m.flags.remove(.onCriticalPath)
            return m
        }
        sub[0].parent = -1
        sub[0].flags.remove(.orphan)
        sub[0].missingParentID = nil
        var kids: [Int32] = []
        kids.reserveCapacity(hi - lo - 1)
        for i in sub.indices {
            sub[i].firstChild = Int32(kids.count)
            for c in children(of: lo + i) { kids.append(c - Int32(lo)) }
        }
        var first = Int64.max, last = Int64.min
        for n in sub {
            first = min(first, n.start)
            last = max(last, n.end)
        }
        var t = TraceTree(traceID: traceID, nodes: sub, roots: [0], childIndices: kids, warnings: [],
                          startNs: first, durationNs: last - first, criticalPath: [], missingParentCount: 0,
                          duplicatesRemoved: 0, cyclesCut: 0,
                          skewAdjustedCount: sub.reduce(0) { $0 + ($1.flags.contains(.skewAdjusted) ? 1 : 0) })
        t.computeCriticalPath()
        return t
    }
}
