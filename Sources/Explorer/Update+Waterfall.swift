import TraceModel

extension AppState {
    mutating func performWaterfall(_ cmd: Command) -> [Effect] {
        if context == .logs { return performLogs(cmd) }
        if cmd == .toggleLogs || cmd == .toggleLogScope { performWaterfallLogs(cmd); return [] }
        if cmd == .followLink { return followLink() }
        linkCursor = 0
        if let effects = performWaterfallView(cmd) { return effects }
        let page = waterfallBodyHeight
        let wasShown = waterfall?.detailsShown, wasLogs = waterfall?.logsShown
        guard let (effects, text) = waterfall?.perform(cmd, page: page, data: data) else { return [] }
        message = text
        if waterfall?.detailsShown != wasShown || waterfall?.logsShown != wasLogs { clampScrolls() }
        refreshLogs()
        return effects
    }

    /// Searching span details of a large trace is a job: the screen stays live meanwhile.
    mutating func runSearch(_ query: String) -> [Effect] {
        let page = waterfallBodyHeight
        guard let wf = waterfall else { return [] }
        let n = wf.index.tree.nodes.count
        guard !query.isEmpty, n > Thresholds.backgroundSpans, n <= Thresholds.deepSearchSpans else {
            message = waterfall?.search(query, data: data, page: page) ?? ""
            return []
        }
        let data = self.data, trace = wf.traceIndex
        return startJob("searching span details") { progress in
            let found = wf.findMatches(query, data: data, progress: progress)
            return progress.isCancelled ? .cancelled
                : .searchMatches(query: query, trace: trace, generation: data.generation, matches: found)
        }
    }

    mutating func goTo(node: Int32) {
        let page = waterfallBodyHeight
        waterfall?.goTo(node: node, page: page)
        refreshLogs()
    }
}

extension WaterfallState {
    /// One command on the waterfall (or its focused details pane); returns effects and a status
    /// message. Everything but collapse changes is O(1) or O(log n).
    mutating func perform(_ cmd: Command, page: Int, data: ExplorerData) -> ([Effect], String) {
        if focus == .details && detailsShown {
            switch cmd {
            case .moveDown: detailScroll += 1; return ([], "")
            case .moveUp: detailScroll = max(0, detailScroll - 1); return ([], "")
            case .top: detailScroll = 0; return ([], "")
            default: break
            }
        }
        if let c = AppState.motion(cmd, cursor: cursor, count: rows.count, page: page) {
            setCursor(c, page: page)
            return ([], "")
        }
        if let v = selectedVirtual, [.toggleExpand, .expand].contains(cmd) {
            guard v.kind == .fold else { return ([], "\(Plural.counted(v.spans, "span")) hidden by C / z") }
            unfold(page: page)
            return ([], "")
        }
        switch cmd {
        case .toggleDetails:
            detailsShown.toggle()
            focus = .tree
            detailsShowLog = false
            detailScroll = 0
        case .closeDetails:
            if detailsShown {
                detailsShown = false
                focus = .tree
                detailScroll = 0
            } else if logsShown {
                // Esc closes the logs pane once the details are gone.
                logsShown = false
                focus = .tree
                detailsShowLog = false
            } else {
                // With both panes closed, Esc drops the statistics filter.
                guard spanFilter != nil else { break }
                setSpanFilter(nil, page: page)
                return ([], "filter cleared")
            }
        case .focusNext:
            // Tree → details → logs → tree, over the panes that are shown.
            let order: [Pane] = [.tree] + (detailsShown ? [.details] : []) + (logsShown ? [.logs] : [])
            guard order.count > 1 else { return ([], "details are hidden: press <Enter>") }
            focus = order[((order.firstIndex(of: focus) ?? 0) + 1) % order.count]
            if focus != .details, detailsShowLog != (focus == .logs) {
                detailsShowLog = focus == .logs
                detailScroll = 0
            }
        case .toggleExpand:
            if hasChildren(selectedRow) { setCollapsed(selectedRow, !collapsed.contains(selectedRow), page: page) }
        case .expand:
            if collapsed.contains(selectedRow) {
                setCollapsed(selectedRow, false, page: page)
            } else if hasChildren(selectedRow) {
                setCursor(cursor + 1, page: page)
            }
        case .collapse:
            if hasChildren(selectedRow) && !collapsed.contains(selectedRow) {
                setCollapsed(selectedRow, true, page: page)
            } else {
                toParent(page: page)
            }
        case .expandAll:
            collapsed.removeAll()
            rebuild(page: page)
        case .collapseBelow:
            collapseBelow(page: page)
        case .nextMatch, .prevMatch:
            guard !matches.isEmpty else { return ([], query.isEmpty ? "no search: press /" : "no matches for \(query)") }
            let k = step(matches, forward: cmd == .nextMatch)
            matchIndex = k
            goTo(node: matches[k], page: page)
            return ([], "")
        case .nextError, .prevError:
            let errs = index.errorNodes
            guard !errs.isEmpty else { return ([], "no error spans") }
            let k = step(errs, forward: cmd == .nextError)
            goTo(node: errs[k], page: page)
            return ([], "error \(k + 1)/\(errs.count)")
        case .toggleEndToEnd:
            return ([], toggleEndToEnd())
        case .toggleCriticalPath:
            criticalShown.toggle()
            return ([], criticalShown ? "critical path on" : "critical path off")
        case .nextCritical, .prevCritical:
            let secs = index.critByTime
            guard !secs.isEmpty else { return ([], "no critical path") }
            let k = stepCritical(forward: cmd == .nextCritical)
            criticalIndex = k
            goTo(node: secs[k].node, page: page)
            return ([], "critical section \(k + 1)/\(secs.count)")
        case .nextSelfTime, .prevSelfTime:
            let order = index.selfOrder
            guard !order.isEmpty else { return ([], "no spans") }
            let n = order.count
            let forward = cmd == .nextSelfTime
            let k: Int
            if let i = selfRankIndex, i < n, !isPlaceholderSelected, order[i] == selectedNode {
                k = forward ? (i + 1) % n : (i - 1 + n) % n
            } else {
                // A fresh walk (or the cursor moved away): start at the largest / smallest.
                k = forward ? 0 : n - 1
            }
            selfRankIndex = k
            goTo(node: order[k], page: page)
            return ([], "self time rank \(k + 1)/\(n)")
        case .copySpanID:
            let n = index.tree.nodes[Int(selectedNode)]
            let id = isPlaceholderSelected ? (n.missingParentID?.hex ?? "") : n.spanID.hex
            return ([.copyToClipboard(id)], "copied span id \(id)")
        default:
            break
        }
        return ([], "")
    }

    func hasChildren(_ row: Int32) -> Bool {
        if RowModel.isVirtual(row) { return false }
        return RowModel.isPlaceholder(row) || index.tree.nodes[Int(row)].childCount > 0
    }

    /// Opens the selected fold row in place: its members' rows replace it.
    mutating func unfold(page: Int) {
        guard let v = selectedVirtual, v.kind == .fold else { return }
        unfolded.insert(v.anchor)
        rows.unfold(at: cursor, walk, collapsed: collapsed)
        setCursor(cursor, page: page)
    }

    /// Next (or previous) entry of an ascending node list relative to the selection, wrapping.
    func step(_ list: [Int32], forward: Bool) -> Int {
        let here = selectedNode
        if forward {
            // On a placeholder the orphan below it counts as "after" the cursor.
            let i = isPlaceholderSelected ? Search.upperBound(list, here - 1) : Search.upperBound(list, here)
            return i < list.count ? i : 0
        }
        let i = Search.upperBound(list, here - 1) - 1
        return i >= 0 ? i : list.count - 1
    }

    /// Next (or previous) critical section, wrapping: from the last one `p` / `P` selected while
    /// the cursor is still on its span, else from the selected span's start time. O(log n).
    func stepCritical(forward: Bool) -> Int {
        let secs = index.critByTime
        let n = secs.count
        if let i = criticalIndex, i < n, !isPlaceholderSelected, secs[i].node == selectedNode {
            return forward ? (i + 1) % n : (i - 1 + n) % n
        }
        let i = index.firstCriticalSection(atOrAfter: index.tree.nodes[Int(selectedNode)].start)
        if forward { return i < n ? i : 0 }
        return i > 0 ? i - 1 : n - 1
    }

    mutating func setCursor(_ c: Int, page: Int) {
        cursor = min(max(0, c), max(0, rows.count - 1))
        scroll = AppState.follow(cursor: cursor, scroll: scroll, page: page, count: rows.count)
    }

    /// Full rebuild; the cursor stays on its span, or on the row that now stands for it.
    mutating func rebuild(page: Int) {
        let keep = selectedVirtual == nil ? selectedRow : selectedNode
        let node = selectedNode
        rebuildRows()
        setCursor(rows.index(of: keep) ?? rows.index(covering: node) ?? min(cursor, rows.count - 1), page: page)
    }

    /// Collapses or expands one row in place (O(its rows), not O(the trace)).
    mutating func setCollapsed(_ row: Int32, _ on: Bool, page: Int) {
        if spanFilter != nil { return setCollapsedFiltered(row, on, page: page) }
        guard let r = rows.index(of: row) else {
            if on { collapsed.insert(row) } else { collapsed.remove(row) }
            return rebuild(page: page)
        }
        if on {
            guard collapsed.insert(row).inserted else { return }
            rows.collapse(at: r, tree: index.tree)
        } else {
            guard collapsed.remove(row) != nil else { return }
            rows.expand(at: r, walk, collapsed: collapsed)
        }
        setCursor(r, page: page)
    }

    mutating func toParent(page: Int) {
        guard !isPlaceholderSelected else { return }
        let n = index.tree.nodes[Int(selectedNode)]
        let target: Int32
        if n.parent >= 0 {
            target = n.parent
        } else if n.isOrphan {
            target = RowModel.placeholder(for: selectedNode)
        } else {
            return
        }
        if let r = rows.index(of: target) { setCursor(r, page: page) }
    }

    /// Collapses every node with children strictly below the cursor (the cursor stays open).
    mutating func collapseBelow(page: Int) {
        let nodes = index.tree.nodes
        let lo: Int, hi: Int
        if isPlaceholderSelected {
            lo = Int(selectedNode)
            hi = Int(nodes[lo].subtreeEnd)
        } else {
            lo = Int(selectedNode) + 1
            hi = Int(nodes[Int(selectedNode)].subtreeEnd)
        }
        for i in lo..<max(lo, hi) where nodes[i].childCount > 0 { collapsed.insert(Int32(i)) }
        rebuild(page: page)
    }

    /// Selects `node`, opening any collapsed ancestor first.
    mutating func goTo(node: Int32, page: Int) {
        let nodes = index.tree.nodes
        let hiding = collapsed.filter { c in
            if c < 0 {
                let r = RowModel.node(c)
                return node >= r && node < nodes[Int(r)].subtreeEnd
            }
            return node > c && node < nodes[Int(c)].subtreeEnd
        }
        if let f = spanFilter, !f.contains(node) { setSpanFilter(nil, page: page) }  // going there drops the filter
        if !hiding.isEmpty {
            collapsed.subtract(hiding)
            rebuildRows()
        }
        if let r = rows.index(of: node) { return setCursor(r, page: page) }
        // Hidden by C / z: the row standing for it; a fold opens (its members are all shown).
        guard let r = rows.index(covering: node) else { return }
        setCursor(r, page: page)
        if let v = selectedVirtual, v.kind == .fold, node < v.end {
            unfold(page: page)
            if let r2 = rows.index(of: node) ?? rows.index(covering: node) { setCursor(r2, page: page) }
        }
    }

    /// Finds spans whose name, service, or (for traces up to 100,000 spans) attribute keys or
    /// values contain `query`, case-insensitively; selects the first at or after the cursor.
    mutating func search(_ q: String, data: ExplorerData, page: Int) -> String {
        applyMatches(q, q.isEmpty ? [] : findMatches(q, data: data), page: page)
    }

    /// Takes `found` (ascending) as the matches of `q`; selects the first at or after the cursor.
    mutating func applyMatches(_ q: String, _ found: [Int32], page: Int) -> String {
        query = q
        matches = found
        matchIndex = nil
        guard !q.isEmpty else { return "" }
        let deep = index.tree.nodes.count <= Thresholds.deepSearchSpans
        let note = deep ? "" : " (names and services only: large trace)"
        guard !matches.isEmpty else { return "no matches for \(q)" + note }
        let here = isPlaceholderSelected ? selectedNode - 1 : selectedNode - 1
        var k = Search.upperBound(matches, here)
        if k >= matches.count { k = 0 }
        matchIndex = k
        goTo(node: matches[k], page: page)
        return note
    }

    /// Nodes whose span's name, service, or (on traces up to `deepSearchSpans`) attribute keys
    /// or values contain `q`, case-insensitively; ascending.
    func findMatches(_ q: String, data: ExplorerData, progress: JobProgress? = nil) -> [Int32] {
        let needle = q.lowercased()
        let strings = data.set.strings.strings
        let hitIDs = Set(strings.indices.filter { strings[$0].lowercased().contains(needle) }.map { UInt32($0) })
        let deep = index.tree.nodes.count <= Thresholds.deepSearchSpans
        var found: [Int32] = []
        let count = index.tree.nodes.count
        for (i, n) in index.tree.nodes.enumerated() {
            if let progress, i & 1023 == 0 {
                if progress.isCancelled { return [] }
                progress.set(i, of: count)
            }
            let span = data.set.spans[n.spanIndex]
            if hitIDs.contains(span.name.raw) || hitIDs.contains(span.service.raw) {
                found.append(Int32(i))
            } else if deep, data.set.details(span).attributes.contains(where: {
                $0.key.lowercased().contains(needle) || $0.value.text.lowercased().contains(needle)
            }) {
                found.append(Int32(i))
            }
        }
        return found
    }
}
