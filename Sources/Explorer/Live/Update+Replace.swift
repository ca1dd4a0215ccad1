import TraceModel

extension AppState {
    /// Adopts data built from scratch (`LiveFeed.replace`, after a backend's cache evicted
    /// traces): positions and span indices may all have changed, so everything held by
    /// position is found again by trace id and span id. The open trace reopens on the same
    /// span with its panes; folds, focus levels and the screens over it (statistics, compare,
    /// service map, unlinked logs) are let go — they hold positions of the old data.
    mutating func adoptReplacement(_ next: ExplorerData) {
        let old = data
        let idOf = { (t: Int) -> TraceID? in t < old.summaries.count ? old.summaries[t].traceID : nil }
        let listID = remote == nil ? listSelectedTrace.flatMap(idOf) : nil
        let marked = markedTrace.flatMap(idOf)
        let open = waterfall.map { wf -> (TraceID?, SpanID?, WaterfallState) in
            let nodes = wf.index.tree.nodes
            let span = wf.isPlaceholderSelected || nodes.isEmpty ? nil : nodes[Int(wf.selectedNode)].spanID
            return (idOf(wf.traceIndex), span, wf)
        }
        let slot = Background.ReleaseSlot(data)
        data = next
        Background.release(slot)
        markedTrace = marked.flatMap { next.traceIndex(of: $0) }
        list.only = nil
        statistics = nil
        comparison = nil
        serviceMap = nil
        unlinked = nil
        focusStack = []
        stack = [.traceList]
        waterfall = nil
        if let listID, let t = next.traceIndex(of: listID) { list.rows = [t]; list.cursor = 0 }
        refilter()
        guard let (traceID, spanID, before) = open else { return }
        guard let traceID, let t = next.traceIndex(of: traceID) else {
            message = "the open trace left the cache (evicted): back to the list"
            return
        }
        var wf = WaterfallState(index: TraceIndex(data: next, traceIndex: t))
        wf.detailsShown = before.detailsShown
        wf.criticalShown = before.criticalShown
        wf.logsShown = before.logsShown
        wf.logs.wholeTrace = before.logs.wholeTrace
        waterfall = wf
        stack.append(.waterfall(t))
        if let spanID, let node = wf.index.tree.nodes.firstIndex(where: { $0.spanID == spanID }) {
            goTo(node: Int32(node))
        }
        if wf.logsShown { refreshLogs(force: true) }
    }
}
