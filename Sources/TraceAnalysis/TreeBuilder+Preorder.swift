import TraceModel

/// Lays the local arrays out as preorder `TraceTree.Node`s (iterative depth-first walk).
extension TreeBuilder {
    func makePreorderTree() -> TraceTree {
        let m = count
        var order: [Int32] = []          // preorder position -> local
        order.reserveCapacity(m)
        var pos = [Int32](repeating: -1, count: m)  // local -> preorder position
        var stack: [Int32] = localRoots.reversed()
        while let x = stack.popLast() {
            pos[Int(x)] = Int32(order.count)
            order.append(x)
            let lo = Int(childStart[Int(x)]), hi = Int(childStart[Int(x) + 1])
            var k = hi - 1
            while k >= lo { stack.append(childList[k]); k -= 1 }
        }
        var nodes: [TraceTree.Node] = []
        nodes.reserveCapacity(m)
        var children: [Int32] = []
        children.reserveCapacity(childList.count)
        for (p, x32) in order.enumerated() {
            let x = Int(x32)
            let lo = Int(childStart[x]), hi = Int(childStart[x + 1])
            let par = parent[x] < 0 ? -1 : pos[Int(parent[x])]
            nodes.append(TraceTree.Node(
                spanIndex: spanIndex[x], spanID: span(x).spanID, parent: par,
                depth: par < 0 ? 0 : nodes[Int(par)].depth + 1,
                firstChild: Int32(children.count), childCount: Int32(hi - lo), subtreeEnd: Int32(p + 1),
                duplicateOrdinal: dupOrdinal[x],
                start: start[x], duration: duration[x], skewShiftNs: shift[x], selfNs: 0, criticalNs: 0,
                missingParentID: flags[x].contains(.orphan) ? missingParent[x] : nil,
                flags: flags[x]))
            for k in lo ..< hi { children.append(pos[Int(childList[k])]) }
        }
        // A subtree ends where its last child's subtree ends; children come after parents.
        var p = m - 1
        while p >= 0 {
            let n = nodes[p]
            if n.childCount > 0 {
                nodes[p].subtreeEnd = nodes[Int(children[Int(n.firstChild + n.childCount - 1)])].subtreeEnd
            }
            p -= 1
        }
        var lo = Int64.max, hi = Int64.min
        for n in nodes {
            lo = min(lo, n.start)
            hi = max(hi, n.end)
        }
        if nodes.isEmpty { lo = 0; hi = 0 }
        return TraceTree(
            traceID: traceID, nodes: nodes, roots: localRoots.map { pos[Int($0)] }, childIndices: children,
            warnings: [], startNs: lo, durationNs: hi - lo, criticalPath: [],
            missingParentCount: notes.orphanCount, duplicatesRemoved: notes.duplicatesRemoved,
            cyclesCut: notes.cyclesCut, skewAdjustedCount: notes.skewAdjusted)
    }

    /// One line per kind of problem, with a few example ids.
    func warnings() -> [String] {
        let t = "trace \(traceID.hex): "
        var w: [String] = []
        func examples(_ list: [String], _ total: Int) -> String {
            list.joined(separator: ", ") + (total > list.count ? ", …" : "")
        }
        let n = notes
        if n.duplicatesRemoved > 0 {
            w.append(t + "\(n.duplicatesRemoved) exact duplicate span record(s) removed")
        }
        if n.sharedIDCount > 0 {
            w.append(t + "\(n.sharedIDCount) span(s) reuse the id of a different span; shown as "
                + examples(n.sharedIDs, n.sharedIDCount))
        }
        if n.orphanCount > 0 {
            w.append(t + "\(n.orphanCount) span(s) have a parent that is not in the trace (missing parents: "
                + examples(n.missingParents, n.orphanCount) + "); shown as extra roots")
        }
        if n.cyclesCut > 0 {
            w.append(t + "\(n.cyclesCut) parent cycle(s) cut; shown as roots: " + examples(n.cycleRoots, n.cyclesCut))
        }
        if n.invalidParent > 0 { w.append(t + "\(n.invalidParent) span(s) had an invalid parent id (ignored)") }
        if n.missingStart > 0 {
            w.append(t + "\(n.missingStart) span(s) have no start time; placed at their parent's start")
        }
        if n.missingDuration > 0 { w.append(t + "\(n.missingDuration) span(s) have no duration; shown as 0") }
        if n.endBeforeStart > 0 {
            w.append(t + "\(n.endBeforeStart) span(s) end before they start; duration set to 0")
        }
        if n.skewAdjusted > 0 {
            w.append(t + "clock skew adjusted for \(n.skewAdjusted) span(s) (raw times kept)")
        }
        return w
    }
}
