import TraceModel

extension AppState {
    mutating func performList(_ cmd: Command) -> [Effect] {
        if let c = Self.motion(cmd, cursor: list.cursor, count: list.rows.count, page: listBodyHeight) {
            list.cursor = c
            clampScrolls()
            return []
        }
        switch cmd {
        case .open where remote != nil:
            return openResult()
        case .open:
            guard list.cursor < list.rows.count else { message = "no trace to open"; return [] }
            openTrace(list.rows[list.cursor])
        case .sortNext:
            let all = SortField.allCases
            list.sort = all[(all.firstIndex(of: list.sort)! + 1) % all.count]
            list.descending = list.sort != .start
            refilter()
            message = "sorted by \(list.sort.rawValue)"
        case .sortReverse:
            list.descending.toggle()
            refilter()
        case .clearFilter:
            list.filter = ""
            list.only = nil
            refilter()
        case .openUnlinkedLogs:
            openUnlinkedLogs()
        default:
            break
        }
        return []
    }

    /// Re-applies filter and sort, keeping the selected trace selected when it survives.
    /// - Parameter live: called per keystroke of the prompt: on large inputs the heavy terms wait
    ///   for `<Enter>` (see `TraceFilter.init`).
    static let filterProblemPrefix = "filter: "

    mutating func refilter(live: Bool = false) {
        if remote != nil { return refilterRemote() }
        let selected = list.cursor < list.rows.count ? list.rows[list.cursor] : nil
        let filter = TraceFilter(list.filter, deferHeavy: live && data.isLarge)
        let deferral = "key=value and log: terms apply on <Enter> (large input)"
        if filter.deferred { message = deferral } else if message == deferral { message = "" }
        // A mistake in the filter is said, not silently matched against nothing.
        if let p = filter.problem { message = Self.filterProblemPrefix + p } else if message.hasPrefix(Self.filterProblemPrefix) { message = "" }
        let sums = data.summaries
        let only = list.only?.traces
        var rows = sums.indices.filter {
            (only?.contains($0) ?? true) && (filter.terms.isEmpty || filter.matches(sums[$0], data: data))
        }
        // The keys once per trace: comparing through the summaries copied one (strings and all)
        // per comparison, 250 ms per live generation of 30,000 traces.
        let keys: [Int64]
        switch list.sort {
        case .start: keys = sums.map(\.start)
        case .duration: keys = sums.map(\.duration)
        case .spans: keys = sums.map { Int64($0.spanCount) }
        case .errors: keys = sums.map { Int64($0.errorCount) }
        }
        let desc = list.descending
        keys.withUnsafeBufferPointer { k in
            rows.sort { a, b in
                let ka = k[a], kb = k[b]
                if ka != kb { return desc ? ka > kb : ka < kb }
                return a < b
            }
        }
        list.rows = rows
        list.cursor = selected.flatMap { rows.firstIndex(of: $0) } ?? 0
        clampScrolls()
    }

    /// Pushes the waterfall of trace `index` (an index into `Analysis.trees`).
    public mutating func openTrace(_ index: Int) {
        guard index >= 0, index < data.analysis.trees.count else { return }
        // A fetched trace's index was built with the generation that brought it (LiveFeed).
        let idx = data.takePreparedIndex(index) ?? TraceIndex(data: data, traceIndex: index)
        if idx.tree.nodes.count >= Thresholds.prefetchSpans { idx.prefetch() }
        waterfall = WaterfallState(index: idx)
        if let text = EndToEndHighlight.openingMessage(idx) { message = text }
        stack.append(.waterfall(index))
        clampScrolls()
    }

    /// Opens the trace with `traceID` and, when given, selects `spanID` in it.
    public mutating func select(traceID: TraceID, spanID: SpanID? = nil) -> Bool {
        guard let t = data.summaries.firstIndex(where: { $0.traceID == traceID }) else { return false }
        if let row = listRow(of: t) { list.cursor = row }
        if screen != .traceList { _ = back() }
        openTrace(t)
        if let spanID, let wf = waterfall,
           let node = wf.index.tree.nodes.firstIndex(where: { $0.spanID == spanID }) {
            goTo(node: Int32(node))
        }
        return true
    }
}
