import TerminalUI

/// Where each pane goes for a terminal size. `update` uses the same numbers for paging that the
/// views use for drawing, so a page is always exactly what is on screen.
struct ScreenLayout {
    var title: Rect
    var header: Rect
    var body: Rect
    var details: Rect?
    /// The logs pane, below the tree (and the details pane) across the whole width.
    var logs: Rect?
    var status: Rect

    /// Trace list: title, histogram, column header, rows, status.
    static func traceList(width: Int, height: Int) -> (title: Rect, histogram: Rect, header: Rect, body: Rect, status: Rect) {
        let r = Rect(width: width, height: height).rows([.fixed(1), .fixed(1), .fixed(1), .fill, .fixed(1)])
        return (r[0], r[1], r[2], r[3], r[4])
    }

    /// A backend's trace list: title, query line, histogram (or completions / the query's
    /// mistake while editing), column header, rows, status.
    static func remoteList(width: Int, height: Int) -> (title: Rect, query: Rect, histogram: Rect, header: Rect, body: Rect, status: Rect) {
        let r = Rect(width: width, height: height).rows([.fixed(1), .fixed(1), .fixed(1), .fixed(1), .fill, .fixed(1)])
        return (r[0], r[1], r[2], r[3], r[4], r[5])
    }

    /// The list's rows, for either kind of list.
    static func listBody(width: Int, height: Int, remote: Bool) -> Rect {
        remote ? remoteList(width: width, height: height).body : traceList(width: width, height: height).body
    }

    /// Waterfall: title, header/ruler, rows; the details pane to the right on wide terminals,
    /// below on narrow ones; the logs pane at the bottom.
    static func waterfall(width: Int, height: Int, details: Bool, logs: Bool = false) -> ScreenLayout {
        let r = Rect(width: width, height: height).rows([.fixed(1), .fill, .fixed(1)])
        var main = r[1]
        var logsPane: Rect?
        if logs {
            let c = main.rows([.fill, .ratio(2, 5)])
            main = c[0]
            logsPane = c[1]
        }
        var pane: Rect?
        if details {
            if width >= 100 {
                let c = main.columns([.fill, .ratio(2, 5)])
                main = c[0]
                pane = c[1]
            } else {
                let c = main.rows([.fill, .ratio(1, 2)])
                main = c[0]
                pane = c[1]
            }
        }
        let m = main.rows([.fixed(1), .fill])
        return ScreenLayout(title: r[0], header: m[0], body: m[1], details: pane, logs: logsPane, status: r[2])
    }

    /// Unlinked logs: title, column header, lines, status.
    static func logScreen(width: Int, height: Int) -> (title: Rect, header: Rect, body: Rect, status: Rect) {
        let r = Rect(width: width, height: height).rows([.fixed(1), .fixed(1), .fill, .fixed(1)])
        return (r[0], r[1], r[2], r[3])
    }
}

extension AppState {
    var listBodyHeight: Int { max(1, ScreenLayout.listBody(width: width, height: height, remote: remote != nil).height) }
    var waterfallLayout: ScreenLayout {
        ScreenLayout.waterfall(width: width, height: height, details: waterfall?.detailsShown ?? false,
                               logs: waterfall?.logsShown ?? false)
    }
    var waterfallBodyHeight: Int { max(1, waterfallLayout.body.height) }
    /// Lines inside the logs pane's box.
    var logsBodyHeight: Int { max(1, (waterfallLayout.logs?.height ?? 3) - 2) }
    var unlinkedBodyHeight: Int { max(1, ScreenLayout.logScreen(width: width, height: height).body.height) }
}
