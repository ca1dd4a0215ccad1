import TraceAnalysis

extension AppState {
    /// `v`: the marked trace (A) against `trace` (B).
    mutating func compare(with trace: Int?) {
        guard let a = markedTrace else { message = "no marked trace: press m on a trace first"; return }
        guard let b = trace else { message = "no trace to compare"; return }
        guard a != b else { message = "this is the marked trace: select another one and press v"; return }
        let c = TraceComparison(a: data.statisticsCache.statistics(trace: a), b: data.statisticsCache.statistics(trace: b))
        comparison = CompareState(a: a, b: b, comparison: c)
        stack.append(.compare)
    }

    /// `<Enter>` on a compare row: trace B's waterfall, showing only that operation's spans.
    mutating func showInB(_ row: TraceComparison.Row, b: Int) {
        _ = back()
        if screen != .waterfall(b) { openTrace(b) }
        guard row.b.count > 0 else { message = "no \(row.service): \(row.operation) spans in trace B"; return }
        filterWaterfall(service: row.serviceID, operation: row.operationID, label: row.service + ": " + row.operation)
    }

    mutating func performCompare(_ cmd: Command) -> [Effect] {
        guard var cs = comparison else { return [] }
        if let text = cs.step(cmd, page: tableBodyHeight, defaultDescending: \.descendingByDefault) {
            message = text
            comparison = cs
        } else if cmd == .open, cs.table.cursor < cs.order.count {
            showInB(cs.comparison.rows[cs.order[cs.table.cursor]], b: cs.b)
        }
        return []
    }
}
