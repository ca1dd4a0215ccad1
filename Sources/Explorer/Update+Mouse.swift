import TerminalUI

extension AppState {
    /// A left click at grid cell (`x`, `y`): selects the row under it in the trace list or the
    /// waterfall tree; a click on the already-selected trace-list row opens that trace. Clicks
    /// elsewhere (title, header, status bar, empty space below the last row) do nothing, and
    /// the help overlay and the search prompt ignore the mouse. Uses the same `ScreenLayout` as
    /// the views, so a click lands on exactly the row drawn there.
    mutating func click(x: Int, y: Int) -> [Effect] {
        guard !helpVisible, !searchActive else { return [] }
        switch screen {
        case .traceList:
            let body = ScreenLayout.traceList(width: width, height: height).body
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
            let l = ScreenLayout.waterfall(width: width, height: height, details: wf.detailsShown)
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
            wf.setCursor(row, page: waterfallBodyHeight)
            waterfall = wf
            return []
        case .statistics, .compare:
            return []
        }
    }
}
