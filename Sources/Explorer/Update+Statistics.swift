import TerminalUI
import TraceAnalysis
import TraceModel

extension AppState {
    /// `t` (statistics), `m` (mark) and `v` (compare) on the trace list and the waterfall; nil
    /// for any other command or screen.
    mutating func performStatisticsKeys(_ cmd: Command) -> [Effect]? {
        guard cmd == .statistics || cmd == .markTrace || cmd == .compare || cmd == .openServiceMap else { return nil }
        let onWaterfall: Bool
        switch screen {
        case .traceList: onWaterfall = false
        case .waterfall: onWaterfall = true
        case .statistics, .compare, .unlinkedLogs, .serviceMap, .problems: return nil
        }
        let here = onWaterfall ? waterfall?.traceIndex : listSelectedTrace
        if !onWaterfall, here == nil, remote != nil, cmd == .markTrace || cmd == .compare, !list.rows.isEmpty {
            message = "not fetched yet: open it first (Enter)"
            return []
        }
        switch cmd {
        case .openServiceMap:
            openServiceMap()
        case .statistics:
            if onWaterfall, let wf = waterfall, !showsAnalysedTree {
                // Focused on a subtree (`f`) or on the other skew setting (`K`): its own
                // statistics (its times and node numbers are not the trace's), kept by its index.
                let e = wf.index.ownStatistics
                statistics = StatisticsState(trace: wf.traceIndex, stats: e.0)
                statistics?.focusedOperations = e.1
                stack.append(.statistics)
                message = "statistics of the focused subtree"
            } else {
                let trace = onWaterfall ? here : nil
                let current = data
                let spans = trace.map { current.summaries[$0].spanCount } ?? current.set.spans.count
                guard spans > Thresholds.backgroundSpans, !current.statisticsCache.hasStatistics(trace: trace) else {
                    openStatistics(trace: trace)
                    return []
                }
                return startJob(trace == nil ? "statistics of all traces" : "statistics of this trace") { _ in
                    _ = current.statisticsCache.statistics(trace: trace)
                    return .statisticsReady(trace: trace, generation: current.generation)
                }
            }
        case .markTrace:
            guard let here else { message = "no trace to mark"; return [] }
            if markedTrace == here {
                markedTrace = nil
                message = "unmarked trace \(shortID(here))"
            } else {
                markedTrace = here
                message = "marked trace \(shortID(here)) as A: select another trace and press v"
            }
        default:
            compare(with: here)
        }
        return []
    }

    /// The open waterfall shows `Analysis.trees[trace]` itself (focusing on a root that spans
    /// the whole trace keeps it): not a focused subtree, not `K`-toggled.
    var showsAnalysedTree: Bool { waterfall?.index.isAnalysedTree ?? true }

    func shortID(_ trace: Int) -> String { String(data.summaries[trace].traceID.hex.prefix(8)) }

    /// Pushes the statistics of trace `trace`, or of every loaded trace when nil.
    mutating func openStatistics(trace: Int?) {
        statistics = StatisticsState(trace: trace, stats: data.statisticsCache.statistics(trace: trace))
        stack.append(.statistics)
    }

    mutating func performStatistics(_ cmd: Command) -> [Effect] {
        guard var st = statistics else { return [] }
        if let text = st.step(cmd, page: tableBodyHeight, defaultDescending: \.descendingByDefault) {
            message = text
        } else if cmd == .toggleGrouping {
            st.toggleGrouping()
        } else if cmd == .open {
            // Leaves this screen: the state is not written back.
            guard let row = st.selectedRow else { message = "no row"; return [] }
            return showSpans(of: row, trace: st.trace, operations: st.focusedOperations)
        }
        statistics = st
        return []
    }

    /// `<Enter>` on a statistics row: back to the waterfall showing only that operation's (or
    /// service's) spans; for all traces, back to the list filtered to traces that have them.
    mutating func showSpans(of row: TraceStatistics.Row, trace: Int?, operations: OperationIndex? = nil) -> [Effect] {
        let label = row.service + (row.operation.map { ": " + $0 } ?? "")
        _ = back()
        guard trace != nil else {
            // One pass over every span: a job on large inputs.
            let data = self.data, service = row.serviceID, operation = row.operation == nil ? nil : row.operationID
            guard data.set.spans.count > Thresholds.backgroundSpans else {
                list.only = (label, Self.tracesWith(data, service: service, operation: operation))
                refilter()
                message = "traces with \(label)"
                return []
            }
            return startJob("finding traces with \(label)") { _ in
                .tracesWith(label: label, traces: Self.tracesWith(data, service: service, operation: operation),
                            generation: data.generation)
            }
        }
        filterWaterfall(service: row.serviceID, operation: row.operation == nil ? nil : row.operationID, label: label,
                        operations: operations)
        return []
    }

    /// Trace indices with a span of `service` (named `operation`, when given): one pass over the
    /// spans, on `<Enter>` only.
    static func tracesWith(_ data: ExplorerData, service: StringID, operation: StringID?) -> Set<Int> {
        let spans = data.set.spans
        var out = Set<Int>()
        for (t, trace) in data.analysis.traces.enumerated() where trace.spanIndices.contains(where: {
            spans[$0].service == service && (operation == nil || spans[$0].name == operation)
        }) { out.insert(t) }
        return out
    }

    /// Shows only the open waterfall's spans of `service` (named `operation`, when given).
    mutating func filterWaterfall(service: StringID, operation: StringID?, label: String, operations: OperationIndex? = nil) {
        guard var wf = waterfall else { return }
        let index = operations ?? (showsAnalysedTree ? data.statisticsCache.operationIndex(trace: wf.traceIndex)
            : wf.index.ownStatistics.1)
        let matches = index.nodes(service: service, operation: operation)
        let f = SpanFilter(tree: wf.index.tree, matches: matches, label: label)
        wf.setSpanFilter(f, page: waterfallBodyHeight)
        waterfall = wf
        message = Plural.counted(f.matchCount, "span")
    }
}

extension ScreenLayout {
    /// Statistics and compare: title, column header, rows, status.
    static func table(width: Int, height: Int) -> (title: Rect, header: Rect, body: Rect) {
        let r = Rect(width: width, height: height).rows([.fixed(1), .fixed(1), .fill, .fixed(1)])
        return (r[0], r[1], r[2])
    }
}

extension AppState {
    var tableBodyHeight: Int { max(1, ScreenLayout.table(width: width, height: height).body.height) }
}
