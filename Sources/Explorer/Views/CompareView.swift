import TerminalUI
import TraceAnalysis
import TraceModel

/// `v`: the marked trace (A) and another (B), per operation, with B − A.
enum CompareView {
    enum Value { case countA, countB, countDelta, totalA, totalB, totalDelta, selfA, selfB, selfDelta, meanA, meanB, meanDelta }

    static let columns: [(TableView.Column, Value)] = [
        (.init(title: "A n", width: 5), .countA), (.init(title: "B n", width: 5), .countB),
        (.init(title: "Δ n", width: 5), .countDelta),
        (.init(title: "A total", width: 9), .totalA), (.init(title: "B total", width: 9), .totalB),
        (.init(title: "Δ total", width: 9), .totalDelta),
        (.init(title: "A self", width: 9), .selfA), (.init(title: "B self", width: 9), .selfB),
        (.init(title: "Δ self", width: 9), .selfDelta),
        (.init(title: "A mean", width: 9), .meanA), (.init(title: "B mean", width: 9), .meanB),
        (.init(title: "Δ mean", width: 9), .meanDelta),
    ]

    static func draw(_ state: AppState, into grid: inout CellGrid, area: Rect) {
        guard let cs = state.comparison else { return }
        let l = ScreenLayout.table(width: area.width, height: area.height)
        let c = cs.comparison
        func side(_ t: Int) -> String {
            let s = state.data.summaries[t]
            return "\(s.traceID.hex.prefix(8)) \(s.rootService): \(s.rootName) \(Units.duration(s.duration))"
        }
        var title = "compare · A \(side(cs.a)) · B \(side(cs.b)) · Δ \(signed(c.durationB &- c.durationA))"
        title += " · sort: \(cs.sort.rawValue)" + (cs.descending ? " ↓" : " ↑")
        TableView.drawTitle(title, into: &grid, area: l.title)
        let sortedValue: Value? = switch cs.sort {
        case .name: nil
        case .count: .countDelta
        case .total: .totalDelta
        case .selfTime: .selfDelta
        case .mean: .meanDelta
        }
        let sorted = cs.sort == .name ? -1 : columns.firstIndex { $0.1 == sortedValue }
        TableView.draw(into: &grid, header: l.header, body: l.body, nameTitle: "service: operation",
                       columns: columns.map(\.0), sorted: sorted, descending: cs.descending, rowCount: cs.order.count,
                       table: cs.table, unicode: state.unicode) { i, k in
            cell(c.rows[cs.order[i]], column: k)
        }
    }

    static func cell(_ r: TraceComparison.Row, column k: Int) -> [TableView.Piece] {
        guard k >= 0 else { return TableView.name(service: r.service, operation: r.operation) }
        switch columns[k].1 {
        case .countA: return count(r.a.count)
        case .countB: return count(r.b.count)
        case .countDelta: return delta(Int64(r.countDelta), Int64(r.countDelta) > 0 ? "+\(r.countDelta)" : String(r.countDelta))
        case .totalA: return duration(r.a.totalNs, present: r.a.count > 0)
        case .totalB: return duration(r.b.totalNs, present: r.b.count > 0)
        case .totalDelta: return delta(r.totalDelta, signed(r.totalDelta))
        case .selfA: return duration(r.a.selfNs, present: r.a.count > 0)
        case .selfB: return duration(r.b.selfNs, present: r.b.count > 0)
        case .selfDelta: return delta(r.selfDelta, signed(r.selfDelta))
        case .meanA: return duration(r.a.meanNs, present: r.a.count > 0)
        case .meanB: return duration(r.b.meanNs, present: r.b.count > 0)
        case .meanDelta: return delta(r.meanDelta, signed(r.meanDelta))
        }
    }

    static func count(_ n: Int) -> [TableView.Piece] { n == 0 ? [("-", .dim)] : [(String(n), .normal)] }

    /// "-" where the operation is not in that trace at all.
    static func duration(_ ns: Int64, present: Bool) -> [TableView.Piece] {
        present ? [(Units.duration(ns), .normal)] : [("-", .dim)]
    }

    /// B slower (more) than A reads as a problem; equal is dimmed.
    static func delta(_ v: Int64, _ text: String) -> [TableView.Piece] {
        [(v == 0 ? "0" : text, v > 0 ? .error : (v < 0 ? .normal : .dim))]
    }

    static func signed(_ ns: Int64) -> String { ns > 0 ? "+" + Units.duration(ns) : Units.duration(ns) }
}
