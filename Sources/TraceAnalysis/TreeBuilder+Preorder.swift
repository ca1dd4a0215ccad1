import TraceModel

/// Lays the local arrays out as preorder `TraceTree.Node`s (iterative depth-first walk).
extension TreeBuilder {
    /// Preorder position -> local index, and its inverse, by an explicit-stack depth-first walk.
    func preorder() -> (order: [Int32], pos: [Int32]) {
        var order: [Int32] = []
        order.reserveCapacity(count)
        var pos = [Int32](repeating: -1, count: count)
        var stack: [Int32] = localRoots.reversed()
        while let x = stack.popLast() {
            pos[Int(x)] = Int32(order.count)
            order.append(x)
            let lo = Int(childStart[Int(x)]), hi = Int(childStart[Int(x) + 1])
            var k = hi - 1
            while k >= lo { stack.append(childList[k]); k -= 1 }
        }
        return (order, pos)
    }

    func makePreorderTree() -> TraceTree {
        let m = count
        let (order, pos) = preorder()
        // Nodes are first made in local order (sequential reads), then gathered into preorder:
        // one random read per node instead of one per source array. `parent` and `firstChild`
        // hold local values until they are rewritten below.
        var local: [TraceTree.Node] = []
        local.reserveCapacity(m)
        for x in 0 ..< m {
            let lo = childStart[x]
            local.append(TraceTree.Node(
                spanIndex: spanIndex[x], spanID: span(x).spanID, parent: parent[x], depth: 0,
                firstChild: lo, childCount: childStart[x + 1] - lo, subtreeEnd: 0,
                duplicateOrdinal: dupOrdinal[x],
                start: start[x], duration: duration[x], skewShiftNs: shift[x], selfNs: 0, criticalNs: 0,
                missingParentID: flags[x].contains(.orphan) ? missingParent[x] : nil,
                flags: flags[x]))
        }
        var nodes = order.map { local[Int($0)] }
        local = []
        var children: [Int32] = []
        children.reserveCapacity(childList.count)
        for p in 0 ..< m {
            let localParent = nodes[p].parent
            if localParent >= 0 {
                let par = pos[Int(localParent)]
                nodes[p].parent = par
                nodes[p].depth = nodes[Int(par)].depth + 1
            }
            let lo = Int(nodes[p].firstChild)
            nodes[p].firstChild = Int32(children.count)
            nodes[p].subtreeEnd = Int32(p + 1)
            for k in lo ..< lo + Int(nodes[p].childCount) { children.append(pos[Int(childList[k])]) }
        }
        Self.fillSubtreeEnds(&nodes, children)
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

    /// A subtree ends where its last child's subtree ends; children come after parents.
    static func fillSubtreeEnds(_ nodes: inout [TraceTree.Node], _ children: [Int32]) {
        var p = nodes.count - 1
        while p >= 0 {
            let n = nodes[p]
            if n.childCount > 0 {
                nodes[p].subtreeEnd = nodes[Int(children[Int(n.firstChild + n.childCount - 1)])].subtreeEnd
            }
            p -= 1
        }
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
            w.append(t + Plural.counted(n.duplicatesRemoved, "exact duplicate span record") + " removed")
        }
        if n.sharedIDCount > 0 {
            w.append(t + Plural.counted(n.sharedIDCount, "span") + " " + Plural.word(n.sharedIDCount, "reuses", "reuse") + " the id of a different span; shown as "
                + examples(n.sharedIDs, n.sharedIDCount))
        }
        if n.orphanCount > 0 {
            w.append(t + Plural.counted(n.orphanCount, "span") + " " + Plural.word(n.orphanCount, "has", "have")
                + " a parent that is not in the trace (" + Plural.word(n.orphanCount, "missing parent") + ": "
                + examples(n.missingParents, n.orphanCount) + "); shown as extra roots")
        }
        if n.cyclesCut > 0 {
            w.append(t + Plural.counted(n.cyclesCut, "parent cycle") + " cut; shown as " + Plural.word(n.cyclesCut, "a root", "roots") + ": " + examples(n.cycleRoots, n.cyclesCut))
        }
        if n.invalidParent > 0 { w.append(t + Plural.counted(n.invalidParent, "span") + " had an invalid parent id (ignored)") }
        if n.missingStart > 0 {
            w.append(t + Plural.counted(n.missingStart, "span") + " " + Plural.word(n.missingStart, "has no start time; placed at its", "have no start time; placed at their") + " parent's start")
        }
        if n.missingDuration > 0 { w.append(t + Plural.counted(n.missingDuration, "span") + " " + Plural.word(n.missingDuration, "has", "have") + " no duration; shown as 0") }
        if n.endBeforeStart > 0 {
            w.append(t + Plural.counted(n.endBeforeStart, "span") + " " + Plural.word(n.endBeforeStart, "ends before it starts", "end before they start") + "; duration set to 0")
        }
        if n.skewAdjusted > 0 {
            w.append(t + "clock skew adjusted for " + Plural.counted(n.skewAdjusted, "span") + " (raw times kept)")
        }
        return w
    }
}
