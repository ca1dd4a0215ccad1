import TraceAnalysis

extension AppState {
    /// `v`: the marked trace (A) against `trace` (B).
    mutating func compare(with trace: Int?) {
        guard let a = markedTrace else { message = "no marked trace: press m on a trace first"; return }
        guard let b = trace else { message = "no trace to compare"; return }
        guard a != b else { message = "this is the marked trace: select another one and press v"; return }
        let c = TraceComparison(a: data.slowPart.statistics(trace: a), b: data.slowPart.statistics(trace: b))
        comparison = CompareState(a: a, b: b, comparison: c)
        stack.append(.compare)
    }

    mutating func performCompare(_ cmd: Command) -> [Effect] {
        guard var cs = comparison else { return [] }
        defer { comparison = cs }
        message = cs.step(cmd, page: tableBodyHeight, defaultDescending: \.descendingByDefault) ?? ""
        return []
    }
}
