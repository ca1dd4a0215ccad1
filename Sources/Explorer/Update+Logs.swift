import TraceModel

/// Linked logs: the waterfall's logs pane and the unlinked-logs screen.
extension AppState {
    /// `L` / `A` from the waterfall (tree or details focused).
    mutating func performWaterfallLogs(_ cmd: Command) {
        guard var wf = waterfall else { return }
        switch cmd {
        case .toggleLogs:
            if wf.logsShown {
                hideLogs(&wf)
            } else {
                wf.logsShown = true
                wf.logs.wholeTrace = false
            }
        case .toggleLogScope:
            // Opens on all of the trace's logs, focused: the way to read a trace through its logs.
            wf.logsShown = true
            wf.logs.wholeTrace = true
            wf.focus = .logs
            wf.detailsShowLog = true
            wf.detailScroll = 0
        default:
            return
        }
        waterfall = wf
        clampScrolls()
        refreshLogs(force: true)
    }

    /// Commands while the logs pane has the focus.
    mutating func performLogs(_ cmd: Command) -> [Effect] {
        guard var wf = waterfall else { return [] }
        if let text = wf.logs.perform(cmd, page: logsBodyHeight) {
            if wf.detailsShowLog { wf.detailScroll = 0 }
            waterfall = wf
            message = text
            return []
        }
        switch cmd {
        case .toggleLogScope:
            wf.logs.wholeTrace.toggle()
            waterfall = wf
            refreshLogs(force: true)
            return []
        case .closeLogs:
            hideLogs(&wf)
        case .toggleDetails:
            wf.detailsShown.toggle()
            wf.detailScroll = 0
        case .focusNext:
            let (_, text) = wf.perform(.focusNext, page: waterfallBodyHeight, data: data)
            message = text
        case .jumpToLogSpan:
            guard let line = wf.logs.selected else { message = "no log line"; return [] }
            guard line.node >= 0 else { message = "the line's span is not in this trace"; return [] }
            waterfall = wf
            goTo(node: line.node)
            let span = data.set.spans[wf.index.tree.nodes[Int(line.node)].spanIndex]
            message = "span " + data.set.service(span) + ": " + data.set.name(span)
            return []
        default:
            break
        }
        waterfall = wf
        clampScrolls()
        return []
    }

    private func hideLogs(_ wf: inout WaterfallState) {
        wf.logsShown = false
        if wf.focus == .logs { wf.focus = .tree }
        if wf.detailsShowLog { wf.detailScroll = 0 }
        wf.detailsShowLog = false
    }

    /// Keeps the pane's lines in step with the selection: in span mode they follow the tree
    /// cursor (rebuilt only when the selected span changes: O(that span's logs)); `force`
    /// rebuilds after a mode change. The trace's own lines are cached in its `TraceIndex`.
    mutating func refreshLogs(force: Bool = false) {
        guard var wf = waterfall, wf.logsShown else { return }
        let node: Int32 = wf.isPlaceholderSelected ? -1 : wf.selectedNode
        let page = logsBodyHeight
        if wf.logs.wholeTrace {
            guard force else { return }
            let all = wf.index.traceLogLines
            wf.logs.setLines(all.lines, page: page)
            wf.logs.eventsOmitted = !all.eventsShown
            // Start at the selected span's first line, so the switch keeps the context.
            if let k = all.lines.firstIndex(where: { $0.node == node }) { wf.logs.setCursor(k, page: page) }
        } else {
            guard force || node != wf.logs.node else { return }
            let lines = node >= 0 ? wf.index.logs.spanLines(node: node, data: data, tree: wf.index.tree) : []
            wf.logs.setLines(lines, page: page)
            wf.logs.eventsOmitted = false
        }
        wf.logs.node = node
        if wf.detailsShowLog { wf.detailScroll = 0 }
        waterfall = wf
    }

    /// `L` on the trace list: every log that belongs to no loaded trace, in time order.
    mutating func openUnlinkedLogs() {
        let logs = data.set.logs
        var pane = LogPaneState()
        var lines = data.logs.unlinked.map { LogEntry(source: .record($0), time: logs[Int($0)].time, node: -1) }
        lines.sortByTime()
        pane.setLines(lines, page: unlinkedBodyHeight)
        unlinked = pane
        stack.append(.unlinkedLogs)
        message = lines.isEmpty ? "no unlinked logs" : ""
    }

    mutating func performUnlinked(_ cmd: Command) -> [Effect] {
        guard var pane = unlinked else { return [] }
        if let text = pane.perform(cmd, page: unlinkedBodyHeight) { message = text }
        unlinked = pane
        return []
    }

    /// `/` confirmed in a log list.
    mutating func searchLogs(_ query: String) -> Bool {
        if screen == .unlinkedLogs {
            guard var pane = unlinked else { return true }
            message = pane.search(query, data: data, tree: nil, page: unlinkedBodyHeight)
            unlinked = pane
            return true
        }
        guard var wf = waterfall, wf.logsShown, wf.focus == .logs else { return false }
        message = wf.logs.search(query, data: data, tree: wf.index.tree, page: logsBodyHeight)
        if wf.detailsShowLog { wf.detailScroll = 0 }
        waterfall = wf
        return true
    }
}
