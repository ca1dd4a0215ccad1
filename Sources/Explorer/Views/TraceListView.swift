import TerminalUI
import TraceAnalysis
import TraceModel

/// The first screen: one row per trace, a duration histogram above.
enum TraceListView {
    static func draw(_ state: AppState, into grid: inout CellGrid, area: Rect) {
        let l = ScreenLayout.traceList(width: area.width, height: area.height)
        let list = state.list
        let g = Glyphs(unicode: state.unicode)
        grid.fill(l.title, role: .header)
        var title = "spanscope · \(list.rows.count)/\(state.data.summaries.count) traces · sort: \(list.sort.rawValue)"
        title += list.descending ? " ↓" : " ↑"
        if !list.filter.isEmpty { title += " · filter: \(list.filter)" }
        if let only = list.only { title += " · with \(only.label) (Esc clears)" }
        if !state.data.set.logs.isEmpty {
            let unlinked = state.data.logs.unlinked.count
            title += " · \(state.data.set.logs.count) logs" + (unlinked > 0 ? " (\(unlinked) unlinked: L)" : "")
        }
        if let m = state.markedTrace { title += " · marked A: \(state.shortID(m))" }
        if let live = state.live { title += " · " + live.label() }
        if let p = state.problemsNote { title += " · " + p }
        grid.put(title, x: l.title.x + 1, y: l.title.y, role: .header, maxWidth: l.title.width - 1)
        drawHistogram(list.rows.map { state.data.summaries[$0].duration }, into: &grid, area: l.histogram, glyphs: g)
        let range = state.data.startRange
        let when = StartColumn(clock: state.clock, dates: state.clock.showsDates(first: range.lowerBound, last: range.upperBound),
                               zone: state.clock.label(at: range.lowerBound))
        let cols = columns(l.body.width, logs: !state.data.set.logs.isEmpty, start: when.width)
        drawHeader(into: &grid, area: l.header, cols: cols, start: when.title)
        for r in 0..<l.body.height {
            let i = list.scroll + r
            guard i < list.rows.count else { break }
            let y = l.body.y + r
            var row = ListRow(state.data.summaries[list.rows[i]])
            row.fresh = list.rows[i] >= (state.live?.firstUnseen ?? .max)
            row.arriving = state.live?.isArriving(row.traceID) ?? false
            drawRow(state, row, into: &grid, y: y, x: l.body.x, cols: cols, glyphs: g, when: when)
            if i == list.cursor {
                grid.setRole(.selected, in: Rect(x: l.body.x, y: y, width: cols.barX - l.body.x, height: 1))
                grid.setRole(.selected, in: Rect(x: cols.barX + cols.barW, y: y, width: l.body.maxX - cols.barX - cols.barW, height: 1))
            }
        }
        if list.rows.isEmpty {
            grid.put(list.filter.isEmpty ? "no traces" : "no trace matches the filter", x: l.body.x + 2, y: l.body.y, role: .dim)
        }
    }

    struct Columns {
        var startW = 12, rootW = 20, durW = 9, barX = 0, barW = 12, spansW = 7, svcW = 4, errW = 5
        /// "logs/err"; 0 (no column) when nothing loaded has logs, so such screens stay as they were.
        var logsW = 0
    }

    /// The start column: time of day, or date and time, in the clock's zone.
    struct StartColumn {
        var clock: ListClock
        var dates: Bool
        var zone: String
        var title: String { "start (\(zone))" }
        var width: Int { max(dates ? 19 : 12, title.count) }
        func text(_ ns: Int64) -> String { clock.format(ns, withDate: dates) }
    }

    static func columns(_ width: Int, logs: Bool = false, start: Int = 12) -> Columns {
        var c = Columns()
        c.startW = start
        if logs { c.logsW = 9 }
        let fixed = c.startW + c.durW + c.barW + c.spansW + c.svcW + c.errW + 2 + 7 + (logs ? c.logsW + 1 : 0)
        c.rootW = max(8, width - fixed)
        c.barX = 1 + c.startW + 1 + c.rootW + 1 + c.durW + 1
        return c
    }

    static func drawHeader(into grid: inout CellGrid, area: Rect, cols c: Columns, start: String = "start (UTC)") {
        var x = area.x + 1
        func col(_ s: String, _ w: Int, right: Bool = false) {
            grid.put(TextWidth.pad(s, to: w, alignRight: right), x: x, y: area.y, role: .header)
            x += w + 1
        }
        col(start, c.startW)
        col("root service: name", c.rootW)
        col("duration", c.durW, right: true)
        col("", c.barW)
        col("spans", c.spansW, right: true)
        col("svc", c.svcW, right: true)
        col("err", c.errW, right: true)
        if c.logsW > 0 { col("logs/err", c.logsW, right: true) }
    }

    static func drawRow(_ state: AppState, _ s: ListRow, into grid: inout CellGrid, y: Int, x x0: Int,
                        cols c: Columns, glyphs g: Glyphs, when: StartColumn) {
        var x = x0 + 1
        func col(_ text: String, _ w: Int, right: Bool = false, role: Role = .normal) {
            grid.put(TextWidth.pad(TextWidth.sanitize(TextWidth.head(text, columns: w)), to: w, alignRight: right), x: x, y: y, role: role)
            x += w + 1
        }
        col(when.text(s.start), c.startW, role: .dim)
        // `+`: arrived since the last key press (live data, a poll); `●`: fetched from the backend;
        // `…`: still arriving.
        let fresh = (s.fresh ? Mark.fresh.text(g.unicode) + " " : "") + (s.fetched ? Mark.fetched.text(g.unicode) + " " : "")
            + (s.arriving ? Mark.arriving.text(g.unicode) + " " : "")
        let mark = fresh + (s.missingParents > 0 ? g.orphanMark + " " : "")
        let rootX = x
        col(mark + s.rootService + ": " + s.rootName, c.rootW)
        // The `service:` part in the service's palette colour, as in the waterfall.
        let svcStart = TextWidth.width(mark)
        let svcW = min(c.rootW - svcStart, TextWidth.width(TextWidth.sanitize(TextWidth.head(s.rootService, columns: c.rootW))) + 1)
        if svcW > 0 {
            grid.setRole(.service(named: s.rootService), in: Rect(x: rootX + svcStart, y: y, width: svcW, height: 1))
        }
        if s.missingParents > 0 { grid.set(Cell(Character(g.orphanMark), role: .orphan), x: rootX + TextWidth.width(fresh), y: y) }
        col(Units.duration(s.duration), c.durW, right: true)
        let maxD = max(1, state.listMaxDuration)
        let errors = s.errors ?? 0
        let e = Int((Double(s.duration) / Double(maxD) * Double(c.barW * 8)).rounded())
        grid.bar(x: x, y: y, eighths: e, maxCells: c.barW, role: errors > 0 ? .error : .bar, glyphs: g)
        x += c.barW + 1
        // `?`: a backend's summary that does not say.
        col(s.spans.map(String.init) ?? "?", c.spansW, right: true, role: s.spans == nil ? .dim : .normal)
        col(s.services.map(String.init) ?? "?", c.svcW, right: true, role: s.services == nil ? .dim : .normal)
        col(s.errors == nil ? "?" : errors > 0 ? String(errors) : "-", c.errW, right: true, role: errors > 0 ? .error : .dim)
        if c.logsW > 0 {
            // Log count, and error-level logs after a slash.
            let n = state.data.logs.count(trace: s.traceID), e = state.data.logs.errorCount(trace: s.traceID)
            let text = n == 0 ? "-" : (e > 0 ? "\(n)/\(e)" : String(n))
            col(text, c.logsW, right: true, role: e > 0 ? .error : (n > 0 ? .normal : .dim))
        }
    }

    /// A one-row histogram of the listed traces' durations, fastest on the left.
    static func drawHistogram(_ durs: [Int64], into grid: inout CellGrid, area: Rect, glyphs g: Glyphs) {
        guard let lo = durs.min(), let hi = durs.max(), area.width > 30 else { return }
        let left = "durations " + Units.duration(lo) + " "
        let right = " " + Units.duration(hi)
        let x0 = area.x + 1 + grid.put(left, x: area.x + 1, y: area.y, role: .dim)
        let bins = max(1, area.width - 2 - TextWidth.width(left) - TextWidth.width(right))
        var counts = [Int](repeating: 0, count: bins)
        for d in durs {
            let b = hi == lo ? 0 : Int(Double(d - lo) / Double(hi - lo) * Double(bins - 1))
            counts[b] += 1
        }
        let top = max(1, counts.max() ?? 1)
        for (k, n) in counts.enumerated() {
            let ch: Character = n == 0 ? " " : g.sparkBar((n * 8 - 1) / top)
            grid.set(Cell(ch, role: .bar), x: x0 + k, y: area.y)
        }
        grid.put(right, x: x0 + bins, y: area.y, role: .dim)
    }
}
