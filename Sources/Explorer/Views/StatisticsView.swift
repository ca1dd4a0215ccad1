import TerminalUI
import TraceAnalysis
import TraceModel

/// `t`: where the time of a trace (or of every loaded trace) goes, per operation or per service.
enum StatisticsView {
    /// Columns after the name, and the sort key each stands for (nil: not a sort key of its own).
    static let columns: [(TableView.Column, StatisticsColumn?)] = [
        (.init(title: "count", width: 6), .count), (.init(title: "err", width: 5), .errors),
        (.init(title: "total", width: 9), .total), (.init(title: "self", width: 9), .selfTime),
        (.init(title: "critical", width: 9), .critical), (.init(title: "crit%", width: 6), nil),
        (.init(title: "mean", width: 9), .mean), (.init(title: "p50", width: 9), .p50),
        (.init(title: "p95", width: 9), .p95), (.init(title: "max", width: 9), .max),
    ]

    static func draw(_ state: AppState, into grid: inout CellGrid, area: Rect) {
        guard let st = state.statistics else { return }
        let l = ScreenLayout.table(width: area.width, height: area.height)
        let s = st.stats
        var title = "statistics by \(st.byService ? "service" : "operation") · sort: \(st.sort.rawValue)"
        title += (st.descending ? " ↓" : " ↑") + " · "
        if let t = st.trace {
            let sum = state.data.summaries[t]
            title += "trace \(sum.traceID.hex) · \(sum.rootService): \(sum.rootName) · \(Units.duration(s.traceDurationNs))"
        } else {
            title += (s.traceCount == 1 ? "the 1 loaded trace" : "all \(s.traceCount) traces") + " · \(Units.duration(s.traceDurationNs)) in total"
        }
        TableView.drawTitle(title, into: &grid, area: l.title)
        let sorted = st.sort == .name ? -1 : columns.firstIndex { $0.1 == st.sort }
        let rows = st.rows
        TableView.draw(into: &grid, header: l.header, body: l.body, nameTitle: st.byService ? "service" : "service: operation",
                       columns: columns.map(\.0), sorted: sorted, descending: st.descending, rowCount: st.order.count,
                       table: st.table, unicode: state.unicode) { i, k in
            cell(rows[st.order[i]], column: k, stats: s)
        }
    }

    static func cell(_ r: TraceStatistics.Row, column k: Int, stats: TraceStatistics) -> [TableView.Piece] {
        guard k >= 0 else { return TableView.name(service: r.service, operation: r.operation) }
        switch columns[k].1 {
        case .count: return [(String(r.count), .normal)]
        case .errors: return r.errorCount == 0 ? [("-", .dim)] : [(String(r.errorCount), .error)]
        case .none: return [(TableView.percent(stats.percentOfTraceTime(r.criticalNs)), .dim)]
        case .some(let c): return [(Units.duration(c.value(r)), c == .critical ? .criticalPath : .normal)]
        }
    }
}
