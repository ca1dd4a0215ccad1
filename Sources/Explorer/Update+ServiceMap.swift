import TraceAnalysis
import TraceModel

extension AppState {
    /// `M`: the service map of the trace the waterfall shows (focused subtree and skew setting
    /// included, so its nodes are the waterfall's), or of every loaded trace from the list.
    mutating func openServiceMap() {
        if screen != .traceList, let wf = waterfall {
            serviceMap = ServiceMapState(trace: wf.traceIndex, map: ServiceMap(data.set, trees: [wf.index.tree]))
        } else {
            serviceMap = ServiceMapState(trace: nil, map: ServiceMap(data.set, trees: data.analysis.trees))
        }
        stack.append(.serviceMap)
    }

    mutating func performServiceMap(_ cmd: Command) -> [Effect] {
        guard var sm = serviceMap else { return [] }
        if let text = sm.step(cmd, page: tableBodyHeight, defaultDescending: \.descendingByDefault) {
            message = text
            serviceMap = sm
            return []
        }
        guard cmd == .open else { return [] }
        guard let row = sm.selectedRow, let k = row.edge else { message = "an entry service: pick a call below it"; return [] }
        let edge = sm.map.edges[k]
        let label = edge.callerName + " → " + edge.calleeName
        _ = back()
        if sm.trace == nil {
            // Every loaded trace: the list, restricted to the traces with a call on this edge.
            list.only = (label, Set(edge.spans.map { Int($0.trace) }))
            refilter()
            message = "traces with \(label)"
        } else if var wf = waterfall {
            // The calls' spans (their callers come along as ancestors).
            let f = SpanFilter(tree: wf.index.tree, matches: edge.spans.map(\.node), label: label)
            wf.setSpanFilter(f, page: waterfallBodyHeight)
            waterfall = wf
            message = Plural.counted(f.matchCount, "call") + " " + label
        }
        return []
    }
}
