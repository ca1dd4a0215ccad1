import TerminalUI
import TraceAnalysis
import TraceModel
import TerminalUI
import TraceAnalysis
import TraceModel

/// `M`: the services as an indented tree from the entry services, each row the call from its
/// parent row's service, with the edge's numbers beside it. Readable at 80 columns: the name
/// column keeps 24, the numbers take the rest (dropped from the right when narrower).
enum ServiceMapView {
    static let columns: [(TableView.Column, ServiceMapColumn)] = [
        (.init(title: "calls", width: 6), .calls), (.init(title: "errors", width: 6), .errors),
        (.init(title: "total", width: 8), .total), (.init(title: "p50", width: 8), .p50),
        (.init(title: "p95", width: 8), .p95), (.init(title: "crit%", width: 6), .critical),
    ]

    static func draw(_ state: AppState, into grid: inout CellGrid, area: Rect) {
        guard let sm = state.serviceMap else { return }
        let l = ScreenLayout.table(width: area.width, height: area.height)
        let map = sm.map
        var title = "service map · "
        if let t = sm.trace {
            let s = state.data.summaries[t]
            title += "trace \(s.traceID.hex.prefix(8)) \(s.rootService): \(s.rootName)"
        } else {
            title += "all \(state.data.summaries.count) traces"
        }
        title += " · \(Plural.counted(map.entries.count, "entry", "entries")) · \(Plural.counted(map.edges.count, "edge")) · sort: \(sm.sort.rawValue)"
        title += sm.descending ? " ↓" : " ↑"
        TableView.drawTitle(title, into: &grid, area: l.title)
        let sorted = sm.sort == .name ? -1 : columns.firstIndex { $0.1 == sm.sort }
        let g = Glyphs(unicode: state.unicode)
        TableView.draw(into: &grid, header: l.header, body: l.body, nameTitle: "caller → callee", columns: columns.map(\.0),
                       sorted: sorted, descending: sm.descending, rowCount: sm.rows.count, table: sm.table,
                       unicode: state.unicode) { i, k in
            cell(sm.rows[i], map: map, column: k, glyphs: g)
        }
    }

    static func cell(_ row: ServiceMap.Row, map: ServiceMap, column k: Int, glyphs g: Glyphs) -> [TableView.Piece] {
        let name = Sanitize.text(map.names[row.service] ?? "")
        guard let e = row.edge.map({ map.edges[$0] }) else {
            // An entry service also called from another entry, and listed there.
            let seen = row.mark == .repeated ? " " + g.repeatedMark + " above" : ""
            return k < 0 ? [(name, .service(named: name)), ("  (entry)" + seen, .dim)] : [("", .normal)]
        }
        guard k >= 0 else {
            var pieces: [TableView.Piece] = [(String(repeating: "  ", count: min(row.depth, 12) - 1) + (e.messaging ? g.messageArrow : g.callArrow), .dim),
                                             (name, .service(named: name))]
            switch row.mark {
            case .none: break
            case .repeated: pieces.append(("  " + g.repeatedMark + " above", .dim))
            case .cycle: pieces.append(("  " + g.cycleMark + " loop", .dim))
            }
            return pieces
        }
        switch columns[k].1 {
        case .calls: return [(String(e.calls), .normal)]
        case .errors: return [(String(e.errors), e.errors > 0 ? .error : .dim)]
        case .total: return [(Units.duration(e.totalNs), .normal)]
        case .p50: return [(Units.duration(e.p50Ns), .normal)]
        case .p95: return [(Units.duration(e.p95Ns), .normal)]
        case .critical: return [(map.share(e).map { TableView.percent($0 * 100) } ?? "-", e.criticalNs > 0 ? .criticalPath : .dim)]
        case .name: return []
        }
    }
}

extension Glyphs {
    var callArrow: String { unicode ? "→ " : "> " }
    /// A message (asynchronous call): consumed later.
    var messageArrow: String { unicode ? "⇢ " : "~ " }
    var repeatedMark: String { unicode ? "≡" : "=" }
    var cycleMark: String { unicode ? "↺" : "@" }
}
