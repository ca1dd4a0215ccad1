import TraceModel

extension Analysis {
    /// The analysis of this set plus `batch` (spans and logs that arrived later), reusing every
    /// tree whose trace got no new span. Traces keep their positions (new ones are appended in
    /// order of first appearance), so trace indices stay valid across generations. Changed
    /// traces are rebuilt from all their spans, so duplicates, late parents and orphans whose
    /// parent arrived follow exactly the rules of loading. Returns the indices of the traces
    /// that changed or are new, ascending.
    public func merging(_ batch: TraceSet, options: AnalysisOptions = .init()) -> (Analysis, changed: [Int]) {
        var set = self.set
        let first = set.spans.count
        set.merge(batch)
        var traces = self.traces
        var slot: [TraceID: Int] = [:]
        slot.reserveCapacity(traces.count)
        for (i, t) in traces.enumerated() { slot[t.id] = i }
        var touched = Set<Int>()
        for i in first ..< set.spans.count {
            let id = set.spans[i].traceID
            if let t = slot[id] {
                traces[t].spanIndices.append(i)
                touched.insert(t)
            } else {
                slot[id] = traces.count
                touched.insert(traces.count)
                traces.append(Trace(id: id, spanIndices: [i]))
            }
        }
        let changed = touched.sorted()
        var trees = self.trees
        for t in changed {
            let tree = TraceTree.build(set, traces[t], options: options)
            if t < trees.count { trees[t] = tree } else { trees.append(tree) }
        }
        let logs = batch.logs.isEmpty && changed.allSatisfy({ $0 < self.trees.count }) ? self.logs
            : LogIndex(logs: set.logs, knownTraces: Set(traces.lazy.map(\.id)))
        return (Analysis(set: set, traces: traces, trees: trees, logs: logs), changed)
    }
}
