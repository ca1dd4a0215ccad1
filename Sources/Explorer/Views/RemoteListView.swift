import TerminalUI
import TraceModel

/// The trace list on a backend: the search's query line above the results, which draw like
/// the file list's rows (columns, marks, bars) with `●` on traces already fetched.
enum RemoteListView {
    static func draw(_ state: AppState, into grid: inout CellGrid, area: Rect) {
        guard let r = state.remote else { return }
        let l = ScreenLayout.remoteList(width: area.width, height: area.height)
        let list = state.list
        let g = Glyphs(unicode: state.unicode)
        grid.fill(l.title, role: .header)
        grid.put(title(state, r), x: l.title.x + 1, y: l.title.y, role: .header, maxWidth: l.title.width - 1)
        drawQuery(state, r, into: &grid, line: l.query, below: l.histogram, glyphs: g)
        let rows = list.rows.map { state.remoteRow($0) }
        if r.draft == nil { TraceListView.drawHistogram(rows.map(\.duration), into: &grid, area: l.histogram, glyphs: g) }
        let starts = rows.map(\.start)
        let first = starts.min() ?? 0, last = starts.max() ?? 0
        let when = TraceListView.StartColumn(clock: state.clock, dates: state.clock.showsDates(first: first, last: last),
                                             zone: state.clock.label(at: first))
        let cols = TraceListView.columns(l.body.width, logs: !state.data.set.logs.isEmpty, start: when.width)
        TraceListView.drawHeader(into: &grid, area: l.header, cols: cols, start: when.title)
        for k in 0..<l.body.height {
            let i = list.scroll + k
            guard i < rows.count else { break }
            let y = l.body.y + k
            TraceListView.drawRow(state, rows[i], into: &grid, y: y, x: l.body.x, cols: cols, glyphs: g, when: when)
            if i == list.cursor {
                grid.setRole(.selected, in: Rect(x: l.body.x, y: y, width: cols.barX - l.body.x, height: 1))
                grid.setRole(.selected, in: Rect(x: cols.barX + cols.barW, y: y, width: l.body.maxX - cols.barX - cols.barW, height: 1))
            }
        }
        if rows.isEmpty {
            if let e = r.searchError, r.searching == nil {
                grid.put("search failed: " + e, x: l.body.x + 2, y: l.body.y, role: .error, maxWidth: l.body.width - 2)
            } else {
                let text = r.searching != nil || !r.searched ? "searching…" : "no traces found (: edits the search)"
                grid.put(text, x: l.body.x + 2, y: l.body.y, role: .dim)
            }
        }
    }

    /// "spanscope · tempo · http://… · 12 traces · sort: start ↓ · polling 5 s · 14:03:07 · cache 3 traces · 2.1 MB".
    static func title(_ state: AppState, _ r: RemoteState) -> String {
        var t = "spanscope · \(r.label) · \(Plural.counted(state.list.rows.count, "trace"))"
        t += " · sort: \(state.list.sort.rawValue)" + (state.list.descending ? " ↓" : " ↑")
        if let only = state.list.only { t += " · with \(only.label) (Esc clears)" }
        t += r.polling ? " · polling \(AppState.seconds(r.interval))" : " · polling paused"
        if let at = r.lastPoll {
            t += " · " + state.clock.format(Int64(at.timeIntervalSince1970 * 1e9), withDate: false).prefix(8)
        }
        if let c = r.cache { t += " · cache \(Plural.counted(c.traces, "trace")) · \(AppState.size(c.bytes))" }
        if !state.data.set.logs.isEmpty { t += " · \(state.data.set.logs.count) logs" }
        if let m = state.markedTrace { t += " · marked A: \(state.shortID(m))" }
        if let p = state.problemsNote { t += " · " + p }
        return t
    }

    /// The query line; while editing, under it the completions or the mistake with its column.
    static func drawQuery(_ state: AppState, _ r: RemoteState, into grid: inout CellGrid, line: Rect, below: Rect, glyphs g: Glyphs) {
        let label = "search: "
        var x = line.x + 1 + grid.put(label, x: line.x + 1, y: line.y, role: .header)
        guard let draft = r.draft else {
            grid.put(r.queryText.isEmpty ? "(everything; : edits)" : r.queryText, x: x, y: line.y,
                     role: r.queryText.isEmpty ? .dim : .normal, maxWidth: line.maxX - x)
            return
        }
        // The end of a long line stays in view: that is where typing happens.
        let room = max(1, line.maxX - x - 1)
        let shown = TextWidth.width(draft) > room ? "…" + tail(draft, columns: room - 1) : draft
        x += grid.put(TextWidth.sanitize(shown), x: x, y: line.y, role: .match)
        grid.put(g.unicode ? "▏" : "_", x: x, y: line.y, role: .match)
        let valueX = line.x + 1 + TextWidth.width(label)
        if let e = r.queryError {
            let col = e.column ?? 1
            let caretX = min(below.maxX - 1, valueX + max(0, col - 1))
            let text = (e.column.map { "column \($0): " } ?? "") + e.message
            grid.put("^ " + text, x: caretX, y: below.y, role: .error, maxWidth: below.maxX - caretX)
            return
        }
        let suggestions = state.querySuggestions
        guard !suggestions.isEmpty else { return }
        var sx = valueX
        for (k, s) in suggestions.enumerated() {
            let text = TextWidth.sanitize(s)
            guard sx + TextWidth.width(text) < below.maxX - 2 else {
                grid.put("(+\(suggestions.count - k))", x: sx, y: below.y, role: .dim)
                break
            }
            sx += grid.put(text, x: sx, y: below.y, role: k == 0 ? .selected : .dim) + 2
        }
    }

    /// The last characters of `s` that fit in `columns`.
    static func tail(_ s: String, columns: Int) -> String {
        var out: [Character] = []
        var w = 0
        for ch in s.reversed() {
            w += TextWidth.width(ch)
            if w > columns { break }
            out.append(ch)
        }
        return String(out.reversed())
    }
}
