import Foundation
import TraceModel

extension AppState {
    /// A live event: new data replaces `data` (or waits while following is paused), and every
    /// screen keeps what it shows by trace and by span, not by position.
    mutating func receive(_ event: LiveEvent) -> [Effect] {
        if live == nil { live = LiveState() }
        switch event {
        case .notice(let text):
            message = text
        case .status(let text, let at):
            live!.status = text
            live!.now = max(live!.now ?? at, at)
            // Left a snapshot screen without `back` (opened a trace from it): show what waited.
            if live!.held != nil { adoptHeld() }
        case .data(let next, let spans, let at):
            live!.lastArrival = at
            live!.noteChanges(next.changedTraces.compactMap { $0 < next.summaries.count ? next.summaries[$0].traceID : nil }, at: at)
            // A replacement (a trim of `listen`, a new search) renumbers the traces and sends
            // the person back to the list. On a screen that shows a snapshot anyway
            // (statistics, compare, service map, problems, unlinked logs) it waits until they
            // leave it; so does everything built on it.
            // `next` supersedes anything held: it was built on it.
            live!.heldReplaces = live!.heldReplaces || next.isReplacement
            live!.held = next
            live!.heldSpans += spans
            return adoptHeld() ? openFetchedIfArrived() : []
        }
        return []
    }

    /// `w`: pause or resume following live data.
    mutating func toggleFollowing() {
        guard live != nil else { message = "no live source (open with --follow)"; return }
        live!.following.toggle()
        if live!.following { adoptHeld() }
        message = live!.following ? "following live data" : "paused: new data waits (w resumes)"
    }

    /// Shows what waited (while paused, or on a snapshot screen), unless it still must wait;
    /// true if it did.
    @discardableResult
    mutating func adoptHeld() -> Bool {
        guard let held = live?.held, live!.following, !(live!.heldReplaces && screen.isSnapshot) else { return false }
        let spans = live!.heldSpans
        let replaces = live!.heldReplaces
        live!.held = nil
        live!.heldSpans = 0
        live!.heldReplaces = false
        adopt(held, spans: spans, replaces: replaces)
        return true
    }

    /// Switches to `next` (a later generation of the same data: traces keep their positions).
    mutating func adopt(_ next: ExplorerData, spans: Int, replaces: Bool = false) {
        if replaces || next.isReplacement { return adoptReplacement(next) }
        let before = data.summaries.count
        let openTrace = waterfall?.traceIndex
        let slot = Background.ReleaseSlot(data)
        data = next
        Background.release(slot)
        live!.newSpans += spans
        live!.newTraces += next.summaries.count - before
        if live!.firstUnseen == .max && next.summaries.count > before { live!.firstUnseen = before }
        refilter()
        guard let t = openTrace, next.changedTraces.contains(t) else { return }
        let page = waterfallBodyHeight
        let full = next.takePreparedIndex(t) ?? TraceIndex(data: next, traceIndex: t)
        // Each level of focus (`f`) keeps its root span: its subtree is cut from the new tree.
        let rebased = { (view: WaterfallState) -> WaterfallState in
            var v = view
            var index = full
            if !view.index.isAnalysedTree, let root = view.index.tree.nodes.first {
                let node = full.nodeOfSpan[root.spanIndex]
                if node >= 0 { index = TraceIndex(data: next, traceIndex: t, tree: full.tree.subtree(at: Int(node))) }
            }
            v.rebase(onto: index, data: next, page: page)
            return v
        }
        focusStack = focusStack.map(rebased)
        if let wf = waterfall { waterfall = rebased(wf) }
        if waterfall?.logsShown == true { refreshLogs(force: true) }
    }

    /// Any key: what arrived so far counts as seen.
    mutating func markLiveSeen() {
        if remote?.fresh.isEmpty == false { remote!.fresh = [] }
        guard live != nil else { return }
        live!.newTraces = 0
        live!.newSpans = 0
        live!.firstUnseen = .max
    }
}

extension WaterfallState {
    /// The same view on `newIndex`: the same trace with more spans (live data), or with the
    /// other skew times (`K`). The cursor, collapsed and unfolded spans, the statistics filter
    /// and the search follow their spans (node numbers can differ: children sort by start, and
    /// an orphan whose parent arrived moves under it); caches of node numbers are dropped.
    mutating func rebase(onto newIndex: TraceIndex, data: ExplorerData, page: Int) {
        let old = index
        let oldNodes = old.tree.nodes
        let keep = oldNodes.isEmpty ? nil : oldNodes[Int(selectedNode)].spanIndex
        let map = newIndex.nodeOfSpan
        let nodeOf = { (node: Int32) -> Int32? in
            guard node >= 0, Int(node) < oldNodes.count else { return nil }
            let n = map[oldNodes[Int(node)].spanIndex]
            return n >= 0 ? n : nil
        }
        let remap = { (rows: Set<Int32>) -> Set<Int32> in
            Set(rows.compactMap { r in
                r >= 0 ? nodeOf(r) : nodeOf(RowModel.node(r)).map { RowModel.placeholder(for: $0) }
            })
        }
        collapsed = remap(collapsed)
        unfolded = remap(unfolded)
        if let f = spanFilter {
            let matches = f.matchNodes.compactMap(nodeOf).sorted()
            spanFilter = SpanFilter(tree: newIndex.tree, matches: matches, label: f.label)
        }
        index = newIndex
        otherTimes = nil
        criticalIndex = nil
        selfRankIndex = nil
        applySizeLevel()
        rebuildRows()
        let target = keep.map { map[$0] }.flatMap { $0 >= 0 ? $0 : nil }
        if !query.isEmpty {
            matches = findMatches(query, data: data)
            matchIndex = target.map { Search.upperBound(matches, $0 - 1) }.flatMap { $0 < matches.count ? $0 : nil }
        }
        if let target { goTo(node: target, page: page) } else { setCursor(0, page: page) }
    }
}
