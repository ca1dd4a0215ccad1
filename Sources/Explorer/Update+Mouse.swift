import TerminalUI

extension AppState {
    /// A left click at grid cell (`x`, `y`): selects the row under it in the trace list or the
    /// waterfall tree; a click on the already-selected trace-list row opens that trace. Clicks
    /// elsewhere (title, header, status bar, empty space below the last row) do nothing, and
    /// the help overlay, the search prompt and the query line ignore the mouse. Uses the same `ScreenLayout` as
    /// the views, so a click lands on exactly the row drawn there.
    mutating func click(x: Int, y: Int) -> [Effect] {
        guard overlay == .none || overlay == .exportMenu else { return [] }
        switch screen {
        case .traceList:
            let body = ScreenLayout.listBody(width: width, height: height, remote: remote != nil)
            guard body.contains(x: x, y: y) else { return [] }
            let row = list.scroll + (y - body.y)
            guard row < list.rows.count else { return [] }
            message = ""
            if row == list.cursor { return performList(.open) }
            list.cursor = row
            clampScrolls()
            return []
        case .waterfall:
            guard var wf = waterfall else { return [] }
            let l = waterfallLayout
            if let pane = l.logs, pane.contains(x: x, y: y) {
                // A click on a log line focuses the pane and selects the line.
                wf.focus = .logs
                wf.detailsShowLog = true
                let row = wf.logs.scroll + (y - pane.y - 1)
                if y > pane.y, y < pane.maxY - 1, row < wf.logs.lines.count { wf.logs.setCursor(row, page: logsBodyHeight) }
                waterfall = wf
                return []
            }
            if let pane = l.details, pane.contains(x: x, y: y) {
                wf.focus = .details
                waterfall = wf
                return []
            }
            guard l.body.contains(x: x, y: y) else { return [] }
            let row = wf.scroll + (y - l.body.y)
            guard row < wf.rows.count else { return [] }
            message = ""
            wf.focus = .tree
            wf.detailsShowLog = false
            wf.setCursor(row, page: waterfallBodyHeight)
            waterfall = wf
            refreshLogs()
            return []
        case .unlinkedLogs:
            return []
        case .statistics, .compare, .serviceMap, .problems:
            return []
        }
    }
}
