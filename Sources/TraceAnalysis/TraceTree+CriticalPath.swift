import TraceModel

/// Critical path (analysis-rules §3): the last-finishing-child walk.
extension TraceTree {
    /// Several roots are walked as one (rules §3.3, revised 2026-12-02): a virtual root, node
    /// number `m`, spans [earliest root start, latest root end] with every root as a blocking
    /// child; its own sections are gaps and are not emitted. With one root it is that root's span,
    /// so the walk is the plain one.
    mutating func computeCriticalPath() {
        let m = nodes.count
        guard m > 0 else { return }
        var clipStart = [Int64](repeating: 0, count: m + 1)
        var clipEnd = [Int64](repeating: 0, count: m + 1)
        var kept = [Bool](repeating: false, count: m + 1)
        clipTopDown(&clipStart, &clipEnd, &kept)
        var lo = Int64.max, hi = Int64.min
        for r in roots {
            lo = min(lo, clipStart[Int(r)])
            hi = max(hi, clipEnd[Int(r)])
        }
        clipStart[m] = lo
        clipEnd[m] = hi
        kept[m] = true
        let (kidStart, kids) = blockingChildrenByEnd(clipEnd, kept)
        var cursor = kidStart  // next candidate per node; only moves forward (bounds only shrink)
        var path: [PathSegment] = []
        path.reserveCapacity(kids.count * 2)  // each pick adds at most two sections
        var s = m
        var bound: Int64? = nil
        while true {
            let upper = bound ?? clipEnd[s]
            var pick = -1
            while cursor[s] < kidStart[s + 1] {
                let c = Int(kids[Int(cursor[s])])
                cursor[s] += 1
                // A child ending at or after the bound can never qualify later: bounds shrink.
                if bound == nil || clipEnd[c] < upper { pick = c; break }
            }
            if pick >= 0 {
                if s != m { Self.emit(&path, s, clipEnd[pick], upper) }
                s = pick
                bound = nil
            } else {
                if s == m { break }
                Self.emit(&path, s, clipStart[s], upper)
                bound = clipStart[s]
                s = nodes[s].parent < 0 ? m : Int(nodes[s].parent)
            }
        }
        for seg in path {
            nodes[Int(seg.node)].criticalNs += seg.durationNs
            nodes[Int(seg.node)].flags.insert(.onCriticalPath)
        }
        criticalPath = path
    }

    private static func emit(_ path: inout [PathSegment], _ node: Int, _ lo: Int64, _ hi: Int64) {
        if hi > lo { path.append(PathSegment(node: Int32(node), startNs: lo, endNs: hi)) }
    }

    /// Prunes non-blocking children (flagged by the builder) with their subtrees and clips the rest against the clipped
    /// parent; preorder guarantees the parent is done first.
    private func clipTopDown(_ cs: inout [Int64], _ ce: inout [Int64], _ kept: inout [Bool]) {
        for i in nodes.indices {
            let n = nodes[i]
            guard n.parent >= 0 else {
                kept[i] = true
                cs[i] = n.start
                ce[i] = n.end
                continue
            }
            let p = Int(n.parent)
            guard kept[p], !n.flags.contains(.nonBlocking) else { continue }
            let ps = cs[p], pe = ce[p]
            if n.start >= pe || (n.start < ps && n.end <= ps) { continue }
            kept[i] = true
            cs[i] = max(n.start, ps)
            ce[i] = min(n.end, pe)
        }
    }

    /// Kept children of every node (and the roots as children of the virtual root `m`), sorted by clipped end (latest first), then earliest start,
    /// then input order: the walk's pick order.
    private func blockingChildrenByEnd(_ ce: [Int64], _ kept: [Bool]) -> ([Int32], [Int32]) {
        let m = nodes.count
        var kidStart = [Int32](repeating: 0, count: m + 2)
        var kids: [Int32] = []
        let byEnd: (Int32, Int32) -> Bool = { a, b in
            let ea = ce[Int(a)], eb = ce[Int(b)]
            if ea != eb { return ea > eb }
            let na = nodes[Int(a)], nb = nodes[Int(b)]
            return na.start != nb.start ? na.start < nb.start : na.spanIndex < nb.spanIndex
        }
        for p in 0 ... m {
            let lo = kids.count
            if p == m {
                kids.append(contentsOf: roots)  // the virtual root's children: every root blocks
            } else if kept[p] {
                let first = Int(nodes[p].firstChild)
                for k in first ..< first + Int(nodes[p].childCount) where kept[Int(childIndices[k])] {
                    kids.append(childIndices[k])
                }
            }
            if kids.count - lo > 1 { kids[lo...].sort(by: byEnd) }
            kidStart[p + 1] = Int32(kids.count)
        }
        return (kidStart, kids)
    }
}
