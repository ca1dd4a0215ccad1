import TraceAnalysis

extension RowModel {
    /// Rows for a filtered waterfall: only `nodes` (ascending, closed under ancestors), with
    /// collapsed subtrees skipped and a placeholder above each orphan root. O(nodes).
    mutating func rebuild(tree: TraceTree, collapsed: Set<Int32>, only nodes: [Int32]) {
        rebuildCount += 1
        var out: [Int32] = []
        out.reserveCapacity(nodes.count + 16)
        var skipUntil: Int32 = -1
        for node in nodes where node >= skipUntil {
            let n = tree.nodes[Int(node)]
            if n.isRoot && n.isOrphan {
                let ph = Self.placeholder(for: node)
                out.append(ph)
                if collapsed.contains(ph) { skipUntil = n.subtreeEnd; continue }
            }
            out.append(node)
            if collapsed.contains(node) { skipUntil = n.subtreeEnd }
        }
        visibleRows = out
    }
}

extension WaterfallState {
    /// Rebuilds the rows from the collapse state and the statistics filter, if any.
    mutating func rebuildRows() {
        if let f = spanFilter {
            rows.rebuild(tree: index.tree, collapsed: collapsed, only: f.nodes)
        } else {
            rows.rebuild(tree: index.tree, collapsed: collapsed)
        }
    }

    /// Shows only `filter`'s spans (nil: all spans again); the cursor goes to the first match.
    mutating func setSpanFilter(_ filter: SpanFilter?, page: Int) {
        let keep = selectedNode
        spanFilter = filter
        rebuildRows()
        let target = filter.map { $0.firstMatch } ?? keep
        setCursor(rows.index(of: target) ?? 0, page: page)
    }
}
