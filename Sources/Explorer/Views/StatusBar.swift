import TerminalUI
import TraceModel

/// Bottom row: the prompt while typing, else position, the last message and key hints.
enum StatusBar {
    static func draw(_ state: AppState, into grid: inout CellGrid, area: Rect) {
        grid.fill(area, role: .hint)
        if state.searchActive {
            let inLogs = state.screen == .unlinkedLogs || (state.waterfall.map { $0.logsShown && $0.focus == .logs } ?? false)
            let label = state.screen == .traceList ? "filter: " : (inLogs ? "search logs: " : "search: ")
            var x = area.x + grid.put(label, x: area.x, y: area.y, role: .header)
            x += grid.put(state.prompt, x: x, y: area.y, role: .match, maxWidth: area.maxX - x)
            x += grid.put(state.unicode ? "▏" : "_", x: x, y: area.y, role: .match)
            // While typing the trace-list filter: what is wrong with it so far.
            if state.screen == .traceList, state.message.hasPrefix(AppState.filterProblemPrefix) {
                x += grid.put("  " + state.message.dropFirst(AppState.filterProblemPrefix.count), x: x, y: area.y, role: .error, maxWidth: area.maxX - x)
            }
            let h = state.keyMap.hints(.search)
            grid.put(h, x: max(x + 2, area.maxX - TextWidth.width(h) - 1), y: area.y, role: .hint)
            return
        }
        var left = position(state)
        if let job = state.jobStatus { left += " · " + job }
        if let fetch = state.remoteStatus { left += " · " + fetch }
        if !state.message.isEmpty { left += " · " + state.message }
        let used = grid.put(left, x: area.x + 1, y: area.y, role: .hint, maxWidth: area.width - 2)
        let hints = state.keyMap.hints(state.context)
        let room = area.width - used - 4
        if room > 10 {
            let h = TextWidth.truncate(hints, to: room)
            grid.put(h, x: area.maxX - TextWidth.width(h) - 1, y: area.y, role: .dim)
        }
    }

    static func position(_ state: AppState) -> String {
        switch state.screen {
        case .traceList:
            let n = state.list.rows.count
            return n == 0 ? "0 traces" : "trace \(state.list.cursor + 1)/\(n)"
        case .waterfall:
            guard let wf = state.waterfall else { return "" }
            if wf.logsShown && wf.focus == .logs { return logPosition(wf.logs) }
            var s = "row \(wf.cursor + 1)/\(wf.rows.count)"
            if let k = wf.matchIndex, !wf.matches.isEmpty { s += " · /\(wf.query) \(k + 1)/\(wf.matches.count)" }
            if let f = wf.spanFilter { s += " · filter: \(f.label) (Esc clears)" }
            return s
        case .unlinkedLogs:
            return logPosition(state.unlinked ?? LogPaneState())
        case .statistics:
            guard let st = state.statistics else { return "" }
            return st.order.isEmpty ? "0 rows" : "row \(st.table.cursor + 1)/\(st.order.count)"
        case .compare:
            guard let cs = state.comparison else { return "" }
            return cs.order.isEmpty ? "0 rows" : "row \(cs.table.cursor + 1)/\(cs.order.count)"
        case .serviceMap:
            guard let sm = state.serviceMap else { return "" }
            return sm.rows.isEmpty ? "0 rows" : "row \(sm.table.cursor + 1)/\(sm.rows.count)"
        case .problems:
            return Plural.counted(state.problems.errors.count, "error") + " · " + Plural.counted(state.problems.warnings.count, "warning")
        }
    }

    static func logPosition(_ pane: LogPaneState) -> String {
        var s = pane.lines.isEmpty ? "no lines" : "line \(pane.cursor + 1)/\(pane.lines.count)"
        if let k = pane.matchIndex, !pane.matches.isEmpty { s += " · /\(pane.query) \(k + 1)/\(pane.matches.count)" }
        return s
    }
}
