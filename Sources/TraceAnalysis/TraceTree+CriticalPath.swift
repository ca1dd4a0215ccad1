import TraceModel

/// Critical path (analysis-rules §3): the last-finishing-child walk.
extension TraceTree {
    mutating func computeCriticalPath() {
        let m = nodes.count
        guard m > 0 else { return }
        var clipStart = [Int64](repeating: 0, count: m)
        var clipEnd = [Int64](repeating: 0, count: m)
        var kept = [Bool](repeating: false, count: m)
        clipTopDown(&clipStart, &clipEnd, &kept)
        let (kidStart, kids) = blockingChildrenByEnd(clipEnd, kept)
        var cursor = kidStart  // next candidate per node; only moves forward (bounds only shrink)
        var path: [PathSegment] = []
        path.reserveCapacity(kids.count * 2 + roots.count)  // each pick adds at most two sections
        for root in roots {
            var s = Int(root)
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
                    Self.emit(&path, s, clipEnd[pick], upper)
                    s = pick
                    bound = nil
                } else {
                    Self.emit(&path, s, clipStart[s], upper)
                    if s == Int(root) { break }
                    bound = clipStart[s]
                    s = Int(nodes[s].parent)
                }
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

    /// Kept children of every node, sorted by clipped end (latest first), then earliest start,
    /// then input order: the walk's pick order.
    private func blockingChildrenByEnd(_ ce: [Int64], _ kept: [Bool]) -> ([Int32], [Int32]) {
        var kidStart = [Int32](repeating: 0, count: nodes.count + 1)
        var kids: [Int32] = []
        for p in nodes.indices {
            let lo = kids.count
            if kept[p] {
                let first = Int(nodes[p].firstChild)
                for k in first ..< first + Int(nodes[p].childCount) where kept[Int(childIndices[k])] {
                    kids.append(childIndices[k])
                }
            }
            if kids.count - lo > 1 {
                kids[lo...].sort { a, b in
                    let ea = ce[Int(a)], eb = ce[Int(b)]
                    if ea != eb { return ea > eb }
                    let na = nodes[Int(a)], nb = nodes[Int(b)]
                    return na.start != nb.start ? na.start < nb.start : na.spanIndex < nb.spanIndex
                }
            }
            kidStart[p + 1] = Int32(kids.count)
        }
        return (kidStart, kids)
    }
}
