import TraceAnalysis

extension RowModel {
    /// Rows for a filtered waterfall: only `nodes` (ascending, closed under ancestors), with
    /// collapsed subtrees skipped and a placeholder above each orphan root. O(nodes); collapsed
    /// nodes are walked in order beside the list, as in `rebuild(tree:collapsed:)`.
    mutating func rebuild(tree: TraceTree, collapsed: Set<Int32>, only nodes: [Int32]) {
        rebuildCount += 1
        let sorted = collapsed.filter { $0 >= 0 }.sorted()
        var c = 0
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
            while c < sorted.count && sorted[c] < node { c += 1 }
            if c < sorted.count && sorted[c] == node { skipUntil = n.subtreeEnd }
        }
        visibleRows = out
    }
}

extension WaterfallState {
    /// Rebuilds the rows after the collapse state changed, honouring the statistics filter.
    mutating func rebuildRows() {
        if let f = spanFilter {
            spanFilter?.unfiltered = nil  // stale now: clearing the filter rebuilds
            rows.rebuild(tree: index.tree, collapsed: collapsed, only: f.nodes)
        } else {
            rows.rebuild(walk, collapsed: collapsed)
        }
    }

    /// Shows only `filter`'s spans, cursor on the first match; nil shows all spans again, cursor
    /// on the span it was on. The unfiltered rows are kept aside meanwhile (O(1) to restore).
    mutating func setSpanFilter(_ filter: SpanFilter?, page: Int) {
        let keep = selectedNode
        if var f = filter {
            f.unfiltered = spanFilter == nil ? rows : spanFilter?.unfiltered
            spanFilter = f
            rows.rebuild(tree: index.tree, collapsed: collapsed, only: f.nodes)
            setCursor(rows.index(of: f.firstMatch) ?? 0, page: page)
        } else {
            let saved = spanFilter?.unfiltered
            spanFilter = nil
            if let saved { rows = saved } else { rows.rebuild(walk, collapsed: collapsed) }
            setCursor(rows.index(of: keep) ?? 0, page: page)
        }
    }

    /// Collapse or expand under a filter: the filtered rows are rebuilt from the filter (O(kept
    /// spans)) and the saved unfiltered rows are edited in place, as without a filter.
    mutating func setCollapsedFiltered(_ row: Int32, _ on: Bool, page: Int) {
        guard let f = spanFilter, on ? collapsed.insert(row).inserted : collapsed.remove(row) != nil else { return }
        var full = f.unfiltered
        spanFilter?.unfiltered = nil  // `full` is now the only reference: edited in place
        if let r = full?.index(of: row) {
            if on { full?.collapse(at: r, tree: index.tree) } else { full?.expand(at: r, tree: index.tree, collapsed: collapsed) }
        }
        rows.rebuild(tree: index.tree, collapsed: collapsed, only: f.nodes)
        spanFilter?.unfiltered = full
        setCursor(rows.index(of: row) ?? cursor, page: page)
    }
}
