import TerminalUI
import TraceAnalysis
import TraceModel

/// Tree column, duration and self-time columns, and a timeline with one bar per span. Only the
/// rows on screen are looked at, so a million-span trace draws as fast as a small one.
enum WaterfallView {
    static let durW = 9

    struct Columns {
        var tree: Rect, dur: Rect, selfT: Rect, timeline: Rect
    }

    /// Below this width the timeline and the self-time column go, so the tree column keeps the
    /// span names; a tree column still too narrow drops the `service:` prefixes (`drawRow`).
    static let narrowWidth = 72
    /// Without the timeline, a tree column narrower than this drops the `service:` prefixes.
    static let serviceMinWidth = 36

    static func showsService(_ cols: Columns) -> Bool { cols.timeline.width > 0 || cols.tree.width >= serviceMinWidth }

    static func columns(_ area: Rect) -> Columns {
        guard area.width >= narrowWidth else {
            let c = area.columns([.fill, .fixed(durW + 1)])
            let none = Rect(x: c[1].maxX, y: area.y, width: 0, height: area.height)
            return Columns(tree: c[0], dur: c[1], selfT: none, timeline: none)
        }
        let c = area.columns([.ratio(2, 5), .fixed(durW + 1), .fixed(durW + 1), .fill])
        return Columns(tree: c[0], dur: c[1], selfT: c[2], timeline: c[3].inset(left: 1, right: 1))
    }

    /// Draws the waterfall into `area` (title, header, rows, details, status are laid out by
    /// `ScreenLayout`); returns how many span rows were drawn.
    @discardableResult
    static func draw(_ state: AppState, into grid: inout CellGrid, area: Rect) -> Int {
        guard let wf = state.waterfall else { return 0 }
        let l = ScreenLayout.waterfall(width: area.width, height: area.height, details: wf.detailsShown, logs: wf.logsShown)
        let tree = wf.index.tree
        let g = Glyphs(unicode: state.unicode)
        drawTitle(state, wf, into: &grid, area: l.title)
        let cols = columns(Rect(x: l.body.x, y: l.header.y, width: l.body.width, height: 1))
        let hx = cols.tree.x + 1 + grid.put(showsService(cols) ? "service: name" : "name", x: cols.tree.x + 1, y: l.header.y, role: .header, maxWidth: cols.tree.width - 1)
        let tags = viewTags(wf)
        if !tags.isEmpty { grid.put("  " + tags, x: hx, y: l.header.y, role: .match, maxWidth: cols.tree.maxX - hx - 1) }
        grid.put(TextWidth.pad("duration", to: durW, alignRight: true), x: cols.dur.x, y: l.header.y, role: .header)
        if cols.selfT.width > 0 {
            grid.put(TextWidth.pad("self", to: durW, alignRight: true), x: cols.selfT.x, y: l.header.y, role: .header)
        }
        drawRuler(tree, window: wf.timeWindow, into: &grid, area: cols.timeline, glyphs: g)
        var drawn = 0
        for r in 0..<l.body.height {
            let i = wf.scroll + r
            guard i < wf.rows.count else { break }
            let y = l.body.y + r
            let rowCols = Columns(tree: Rect(x: cols.tree.x, y: y, width: cols.tree.width, height: 1),
                                  dur: Rect(x: cols.dur.x, y: y, width: cols.dur.width, height: 1),
                                  selfT: Rect(x: cols.selfT.x, y: y, width: cols.selfT.width, height: 1),
                                  timeline: Rect(x: cols.timeline.x, y: y, width: cols.timeline.width, height: 1))
            drawRow(state, wf, row: wf.rows.visibleRows[i], cols: rowCols, into: &grid, glyphs: g)
            if i == wf.cursor {
                let sel = Rect(x: l.body.x, y: y, width: cols.timeline.x - l.body.x, height: 1)
                grid.setRole(.selected, in: sel)
            }
            drawn += 1
        }
        if let pane = l.details {
            SpanDetailView.draw(state, wf, into: &grid, area: pane)
        }
        if let pane = l.logs {
            LogPaneView.draw(state, wf, into: &grid, area: pane)
        }
        if state.exportMenu { ExportMenuView.draw(state, into: &grid, area: l.body) }
        return drawn
    }

    /// The active views, for the column header: "critical only · z 1% · zoom 4× · adjusted".
    static func viewTags(_ wf: WaterfallState) -> String {
        var t: [String] = []
        if wf.filter.criticalOnly { t.append("critical only") }
        if wf.sizeLevel > 0 {
            let p = WaterfallState.sizeLevels[wf.sizeLevel].percent
            t.append(p == 0 ? "z fold" : "z <" + (p < 1 ? String(p) : String(Int(p))) + "%")
        }
        if wf.window != nil { t.append(wf.zoomText.split(separator: ":").first.map(String.init) ?? "zoom") }
        if wf.index.tree.skewAdjustedCount > 0 { t.append("skew adjusted") }
        return t.joined(separator: " · ")
    }

    static func drawTitle(_ state: AppState, _ wf: WaterfallState, into grid: inout CellGrid, area: Rect) {
        let s = state.data.summaries[wf.traceIndex]
        grid.fill(area, role: .header)
        if !state.focusStack.isEmpty, let root = wf.index.tree.nodes.first {
            // Focused: the subtree's own root, duration and size.
            let span = state.data.set.spans[root.spanIndex]
            let n = wf.index.tree.nodes.count
            let t = "trace \(s.traceID.hex) · focus \(state.data.set.service(span)): \(state.data.set.name(span)) · "
                + "\(Units.duration(wf.index.tree.durationNs)) · \(Plural.counted(n, "span")) · F returns"
                + (state.sourceLabel.map { " · " + $0 } ?? "")
            grid.put(t, x: area.x + 1, y: area.y, role: .header, maxWidth: area.width - 1)
            return
        }
        var t = "trace \(s.traceID.hex) · \(s.rootService): \(s.rootName) · \(Units.duration(wf.index.tree.durationNs)) · \(Plural.counted(s.spanCount, "span"))"
        if s.errorCount > 0 { t += " · " + Plural.counted(s.errorCount, "error") }
        if s.missingParents > 0 { t += " · " + Plural.counted(s.missingParents, "missing parent") }
        if let live = state.live, live.isArriving(s.traceID) { t += " · still arriving" }
        if let source = state.sourceLabel { t += " · " + source }
        if let p = state.problemsNote { t += " · " + p }
        grid.put(t, x: area.x + 1, y: area.y, role: .header, maxWidth: area.width - 1)
    }

    /// Tick labels at round fractions of the shown window, as times from the trace start.
    static func drawRuler(_ tree: TraceTree, window w: TimeWindow, into grid: inout CellGrid, area: Rect, glyphs g: Glyphs) {
        guard area.width > 4 else { return }
        let n = max(1, min(8, area.width / 14))
        var nextFree = area.x
        for k in 0...n {
            let x = area.x + (area.width - 1) * k / n
            let label = Units.duration(w.start - tree.startNs + ModelTime.part(w.duration, k, of: n))
            if k == n {
                let lx = area.maxX - TextWidth.width(label) - 1
                guard lx >= nextFree else { break }
                grid.put(label, x: lx, y: area.y, role: .dim, maxWidth: area.maxX - lx - 1)
                grid.set(Cell(g.tick, role: .border), x: area.maxX - 1, y: area.y)
            } else if x >= nextFree {
                grid.set(Cell(g.tick, role: .border), x: x, y: area.y)
                nextFree = x + 1 + grid.put(label, x: x + 1, y: area.y, role: .dim, maxWidth: area.maxX - x - 2) + 1
            }
        }
    }

    static func drawRow(_ state: AppState, _ wf: WaterfallState, row: Int32, cols: Columns,
                        into grid: inout CellGrid, glyphs g: Glyphs) {
        if let v = wf.rows.virtual(row) { return drawVirtual(state, wf, v, cols: cols, into: &grid, glyphs: g) }
        let idx = wf.index
        let node = Int(RowModel.node(row))
        let n = idx.tree.nodes[node]
        let set = state.data.set
        let y = cols.tree.y
        if RowModel.isPlaceholder(row) {
            let marker = wf.collapsed.contains(row) ? g.collapsed : g.expanded
            let id = n.missingParentID?.hex ?? "?"
            // Placeholders have no times, so the text may run over the duration columns.
            grid.put(" " + marker + " " + Mark.placeholder.text(g.unicode) + " " + id, x: cols.tree.x, y: y, role: .orphan,
                     maxWidth: cols.timeline.x - cols.tree.x - 1)
            return
        }
        let span = set.spans[n.spanIndex]
        var x = cols.tree.x + 1
        var maxX = cols.tree.maxX
        // Spans with logs: "≡3" at the right of the tree column, in the error role when one is an error.
        if state.data.logs.count(trace: idx.tree.traceID) > 0, let mark = idx.logs.marks[Int32(node)] {
            let text = g.logs + String(mark.count)
            let mx = maxX - TextWidth.width(text) - 1
            if mx > x + 4 {
                grid.put(text, x: mx, y: y, role: mark.errors > 0 ? .error : .logMark)
                maxX = mx - 1
            }
        }
        x += grid.put(prefix(idx, node: node, room: max(0, cols.tree.width / 2), glyphs: g), x: x, y: y, role: .dim, maxWidth: maxX - x)
        let marker = n.childCount == 0 ? g.leaf : (wf.collapsed.contains(row) ? g.collapsed : g.expanded)
        x += grid.put(marker + " ", x: x, y: y, role: .dim, maxWidth: maxX - x)
        if n.flags.contains(.skewAdjusted) { x += grid.put(g.skew + " ", x: x, y: y, role: .skewed, maxWidth: maxX - x) }
        let service = set.service(span)
        // Narrow: the name matters more than the service (every row alike, so the column reads evenly).
        if showsService(cols) {
            x += grid.put(service + ":", x: x, y: y, role: .service(named: service), maxWidth: maxX - x)
            x += grid.put(" ", x: x, y: y, role: .normal, maxWidth: maxX - x)
        }
        let nameRole: Role = span.isError ? .error : (n.isOrphan ? .orphan : .normal)
        x += grid.put(set.name(span), x: x, y: y, role: nameRole, maxWidth: maxX - x)
        if wf.collapsed.contains(row) {
            let hidden = Int(n.subtreeEnd) - node - 1
            grid.put(" (+\(hidden))", x: x, y: y, role: .dim, maxWidth: maxX - x)
        }
        grid.put(TextWidth.pad(Units.duration(n.duration), to: durW, alignRight: true), x: cols.dur.x, y: y,
                 role: span.isError ? .error : .normal)
        if cols.selfT.width > 0 {
            grid.put(TextWidth.pad(Units.duration(n.selfNs), to: durW, alignRight: true), x: cols.selfT.x, y: y, role: .dim)
        }
        if state.data.outlier(n) != nil { grid.put(g.outlier, x: cols.dur.x + 1, y: y, role: .orphan) }
        drawBar(state, idx, node: node, span: span, area: cols.timeline, into: &grid, glyphs: g)
    }

    /// A row standing for several spans: "⋯ 17 spans hidden", or a folded fan-out
    /// "▸ 412 × db: SELECT products · max 40.0 ms", the total in the duration column, a bar over the members.
    static func drawVirtual(_ state: AppState, _ wf: WaterfallState, _ v: VirtualRow, cols: Columns,
                            into grid: inout CellGrid, glyphs g: Glyphs) {
        let idx = wf.index
        let y = cols.tree.y
        var x = cols.tree.x + 1
        let maxX = cols.tree.maxX
        x += grid.put(prefix(idx, node: Int(v.anchor), room: max(0, cols.tree.width / 2), glyphs: g, last: Int(v.last)),
                      x: x, y: y, role: .dim, maxWidth: maxX - x)
        guard v.kind == .fold else {
            grid.put(g.ellipsis + " \(Plural.counted(v.spans, "span")) hidden", x: x, y: y, role: .dim, maxWidth: maxX - x)
            return
        }
        let set = state.data.set
        let span = set.spans[idx.tree.nodes[Int(v.anchor)].spanIndex]
        let service = set.service(span)
        x += grid.put(g.collapsed + " \(v.members) × ", x: x, y: y, role: .dim, maxWidth: maxX - x)
        x += grid.put(service + ":", x: x, y: y, role: .service(named: service), maxWidth: maxX - x)
        x += grid.put(" " + set.name(span), x: x, y: y, role: .normal, maxWidth: maxX - x)
        // The total is in the duration column.
        grid.put(" · max \(Units.duration(v.maxNs))", x: x, y: y, role: .dim, maxWidth: maxX - x)
        grid.put(TextWidth.pad(Units.duration(v.totalNs), to: durW, alignRight: true), x: cols.dur.x, y: y, role: .normal)
        let w = wf.timeWindow
        let start = idx.tree.nodes[Int(v.anchor)].start
        guard cols.timeline.width > 0, v.endNs >= w.start, start <= w.end else { return }
        let cells = Double(cols.timeline.width)
        func cell(_ t: Int64) -> Double { min(max(Double(t - w.start) / Double(max(1, w.duration)) * cells, -1), cells + 1) }
        let a = min(cols.timeline.width - 1, max(0, Int(cell(max(start, w.start)))))
        let eighths = Int(((cell(min(v.endNs, w.end)) - Double(a)) * 8).rounded())
        grid.bar(x: cols.timeline.x + a, y: y, eighths: eighths, maxCells: cols.timeline.width - a, role: .dim, glyphs: g)
    }

    /// Indentation guides, built bottom-up from the node but never more than `room` columns:
    /// a deep chain shows its last levels behind an ellipsis instead of walking a million parents.
    static func prefix(_ idx: TraceIndex, node: Int, room: Int, glyphs g: Glyphs, last: Int? = nil) -> String {
        let nodes = idx.tree.nodes
        let underOrphan = idx.isUnderOrphan(Int32(node))
        let depth = Int(nodes[node].depth) + (underOrphan ? 1 : 0)
        guard depth > 0 else { return "" }
        let levels = min(depth, max(1, room / 2))
        var parts: [String] = []
        var cur = node
        var own = true
        for _ in 0..<levels {
            let next = idx.hasNextSibling(own ? (last ?? cur) : cur)
            parts.append(own ? (next ? g.tee : g.elbow) : (next ? g.guide : "  "))
            own = false
            let p = Int(nodes[cur].parent)
            if p < 0 { break }
            cur = p
        }
        var s = parts.reversed().joined()
        if levels < depth { s = (g.unicode ? "…" : ".") + String(s.dropFirst()) }
        return s
    }

    /// One span's bar on the timeline: eighth-block precision at the end, critical sections and
    /// errors in their own roles, event markers on top.
    static func drawBar(_ state: AppState, _ idx: TraceIndex, node: Int, span: Span, area: Rect,
                        into grid: inout CellGrid, glyphs g: Glyphs) {
        let n = idx.tree.nodes[node]
        guard area.width > 0, let wf = state.waterfall else { return }
        let w = wf.timeWindow
        let zoomed = wf.window != nil
        // Zoomed: only the part inside the window (a span wholly outside draws nothing).
        if zoomed && (n.end < w.start || n.start > w.end) { return }
        let t0 = w.start
        let total = Double(max(1, w.duration))
        let cells = Double(area.width)
        // Clamped to just outside the area, so zoomed-in times never overflow an Int.
        func cell(_ t: Int64) -> Double { min(max(Double(t - t0) / total * cells, -1), cells + 1) }
        let startCell = min(area.width - 1, max(0, Int(cell(zoomed ? max(n.start, w.start) : n.start))))
        let eighths = Int(((cell(zoomed ? min(n.end, w.end) : n.end) - Double(startCell)) * 8).rounded())
        let role: Role = span.isError ? .error : .bar
        grid.bar(x: area.x + startCell, y: area.y, eighths: eighths, maxCells: area.width - startCell, role: role, glyphs: g)
        if !span.isError && state.waterfall?.criticalShown != false {
            for seg in idx.criticalSegments(node) {
                let a = max(startCell, Int(cell(seg.startNs)))
                let b = min(area.width, max(a + 1, Int(cell(seg.endNs).rounded(.up))))
                guard a < b else { continue }
                for cx in a..<b where grid[area.x + cx, area.y].role == .bar {
                    var c = grid[area.x + cx, area.y]
                    c.role = .criticalPath
                    grid.set(c, x: area.x + cx, y: area.y)
                }
            }
        }
        if let e2e = wf.endToEnd {
            EndToEndBars.paint(e2e.highlight(for: idx), node: node, area: area, into: &grid, glyphs: g, cell: cell)
        }
        guard span.eventCount > 0 else { return }
        for ev in state.data.set.details(span).events {
            let t = ev.time &+ n.skewShiftNs
            if zoomed && (t < w.start || t > w.end) { continue }
            let cx = min(area.width - 1, max(0, Int(cell(t))))
            let r = grid[area.x + cx, area.y].role
            grid.set(Cell(g.event, role: r == .normal ? .bar : r), x: area.x + cx, y: area.y)
        }
    }
}
