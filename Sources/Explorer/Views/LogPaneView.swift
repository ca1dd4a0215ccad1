import TerminalUI
import TraceAnalysis
import TraceModel

/// Log lines: the waterfall's logs pane and the unlinked-logs screen. Only the lines on screen
/// are formatted.
enum LogPaneView {
    static let timeW = 9, sevW = 5, spanW = 22

    /// The waterfall's logs pane, boxed, below the tree.
    static func draw(_ state: AppState, _ wf: WaterfallState, into grid: inout CellGrid, area: Rect) {
        grid.fill(area)
        let focused = wf.focus == .logs
        let pane = wf.logs
        var title: String
        if pane.wholeTrace {
            title = "Logs of the trace (\(pane.lines.count))"
            if pane.eventsOmitted { title += " · span events omitted: large trace" }
        } else if wf.isPlaceholderSelected {
            title = "Logs"
        } else {
            let span = state.data.set.spans[wf.index.tree.nodes[Int(wf.selectedNode)].spanIndex]
            title = "Logs of " + state.data.set.service(span) + ": " + state.data.set.name(span) + " (\(pane.lines.count))"
        }
        if focused { title += " (focused)" }
        grid.box(area, role: focused ? .header : .border, ascii: !state.unicode,
                 title: TextWidth.truncate(title, to: max(0, area.width - 6)), titleRole: .header)
        let inner = area.inset(top: 1, left: 1, bottom: 1, right: 1)
        guard inner.width > 10, inner.height > 0 else { return }
        if pane.lines.isEmpty {
            let empty = pane.wholeTrace ? "no logs or span events in this trace"
                : "no logs or events for this span (A: all logs of the trace)"
            grid.put(empty, x: inner.x + 1, y: inner.y, role: .dim, maxWidth: inner.width - 1)
            return
        }
        let mode: Mode = pane.wholeTrace ? .trace(wf.index.tree) : .span(wf.index.tree)
        // All of the trace's lines: those of the span selected in the tree get a marker.
        let here: Int32? = pane.wholeTrace && !wf.isPlaceholderSelected ? wf.selectedNode : nil
        drawLines(state, pane, mode: mode, into: &grid, area: inner, markNode: here)
    }

    /// What the columns before the body show.
    enum Mode {
        /// Offset from trace start, severity, body.
        case span(TraceTree)
        /// Offset, severity, the line's span, body.
        case trace(TraceTree)
        /// Time of day, severity, trace id (if any), body.
        case unlinked

        var tree: TraceTree? {
            switch self {
            case .span(let t), .trace(let t): return t
            case .unlinked: return nil
            }
        }
    }

    static func drawLines(_ state: AppState, _ pane: LogPaneState, mode: Mode, into grid: inout CellGrid, area: Rect,
                          markNode: Int32? = nil) {
        for r in 0..<area.height {
            let i = pane.scroll + r
            guard i < pane.lines.count else { break }
            let y = area.y + r
            let bodyX = drawLine(state, pane.lines[i], mode: mode, hscroll: pane.hscroll, into: &grid,
                                 x: area.x, y: y, width: area.width)
            if let markNode, pane.lines[i].node == markNode {
                grid.set(Cell(state.unicode ? "▸" : ">", role: .logMark), x: area.x, y: y)
            }
            if i == pane.cursor { grid.setRole(.selected, in: Rect(x: area.x, y: y, width: area.width, height: 1)) }
            if !pane.query.isEmpty, bodyX < area.maxX, Search.contains(pane.matches, i) {
                highlight(pane.query, in: &grid, x: bodyX, y: y, maxX: area.maxX)
            }
        }
    }

    /// Marks the first visible occurrence of `query` (case-insensitive) in the body drawn from
    /// column `x` as a search match.
    static func highlight(_ query: String, in grid: inout CellGrid, x: Int, y: Int, maxX: Int) {
        let cells = (x..<maxX).map { grid[$0, y].character }
        let shown = String(cells).lowercased()
        guard let r = shown.range(of: query.lowercased()) else { return }
        // Cells are one character each here (wide characters leave a filler cell behind them).
        let start = shown.distance(from: shown.startIndex, to: r.lowerBound)
        let count = shown.distance(from: r.lowerBound, to: r.upperBound)
        grid.setRole(.match, in: Rect(x: x + start, y: y, width: count, height: 1))
    }

    /// One line: `+12.3 ms  ERROR  [span]  body…`, the body scrolled left by `hscroll` columns.
    /// Returns the body's column.
    @discardableResult
    static func drawLine(_ state: AppState, _ line: LogEntry, mode: Mode, hscroll: Int,
                         into grid: inout CellGrid, x x0: Int, y: Int, width: Int) -> Int {
        let data = state.data
        let maxX = x0 + width
        var x = x0 + 1
        let time: String
        if let tree = mode.tree {
            time = offset(line.time - tree.startNs)
            x += grid.put(TextWidth.pad(time, to: timeW, alignRight: true), x: x, y: y, role: .dim, maxWidth: maxX - x) + 2
        } else {
            time = line.time == 0 ? "-" : Format.clock(line.time)
            x += grid.put(TextWidth.pad(time, to: 12), x: x, y: y, role: .dim, maxWidth: maxX - x) + 2
        }
        let (sev, sevRole) = severity(line, data: data, tree: mode.tree)
        x += grid.put(TextWidth.pad(sev, to: sevW), x: x, y: y, role: sevRole, maxWidth: maxX - x) + 2
        switch mode {
        case .trace(let tree):
            let label: String
            let role: Role
            if line.node >= 0 {
                let span = data.set.spans[tree.nodes[Int(line.node)].spanIndex]
                label = data.set.service(span) + ": " + data.set.name(span)
                role = .service(named: data.set.service(span))
            } else {
                label = "(no span)"
                role = .dim
            }
            x += grid.put(TextWidth.pad(label, to: spanW), x: x, y: y, role: role, maxWidth: maxX - x) + 2
        case .unlinked:
            if case .record(let r) = line.source {
                let id = data.set.logs[Int(r)].traceID
                let label = id == .zero ? "no trace" : "trace " + String(id.hex.prefix(8))
                x += grid.put(TextWidth.pad(label, to: 14), x: x, y: y, role: .dim, maxWidth: maxX - x) + 2
            }
        case .span:
            break
        }
        guard x < maxX else { return x }
        let body = TextWidth.sanitize(LogText.body(line, data: data, tree: mode.tree))
        grid.put(String(body.dropFirst(hscroll)), x: x, y: y, role: line.isEvent ? .dim : .normal, maxWidth: maxX - x)
        return x
    }

    /// "+1.20 ms" from trace start ("-…" for a line before it).
    static func offset(_ ns: Int64) -> String {
        ns < 0 ? "-" + Units.duration(-ns) : "+" + Units.duration(ns)
    }

    static func severity(_ line: LogEntry, data: ExplorerData, tree: TraceTree?) -> (String, Role) {
        switch line.source {
        case .record(let r):
            let rec = data.set.logs[Int(r)]
            return (LogText.severityLabel(rec), LogText.severityRole(rec))
        case .event:
            return ("event", LogText.event(line, data: data, tree: tree)?.isException == true ? .error : .logMark)
        }
    }

    /// The unlinked-logs screen: title, column header, lines.
    static func drawUnlinked(_ state: AppState, into grid: inout CellGrid, area: Rect) {
        let l = ScreenLayout.logScreen(width: area.width, height: area.height)
        let pane = state.unlinked ?? LogPaneState()
        grid.fill(l.title, role: .header)
        let total = state.data.logs.unlinked.count
        grid.put("Unlinked logs · \(total) with no or an unknown trace id", x: l.title.x + 1, y: l.title.y,
                 role: .header, maxWidth: l.title.width - 1)
        var x = l.header.x + 2
        x += grid.put(TextWidth.pad("time (UTC)", to: 12), x: x, y: l.header.y, role: .header) + 2
        x += grid.put(TextWidth.pad("level", to: sevW), x: x, y: l.header.y, role: .header) + 2
        x += grid.put(TextWidth.pad("trace", to: 14), x: x, y: l.header.y, role: .header) + 2
        grid.put("body", x: x, y: l.header.y, role: .header)
        if pane.lines.isEmpty {
            grid.put("no unlinked logs", x: l.body.x + 2, y: l.body.y, role: .dim)
            return
        }
        drawLines(state, pane, mode: .unlinked, into: &grid, area: l.body)
    }
}
