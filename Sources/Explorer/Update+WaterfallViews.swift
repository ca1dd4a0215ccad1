import TraceAnalysis
import TraceModel
import TerminalUI

/// Waterfall views for finding the slow part: `C` critical path only, `z` size levels,
/// `f` / `F` focus, `[` / `]` / `0` zoom, `K` clock skew, `x` export.
extension AppState {
    /// Handles the commands of this feature; nil for any other command.
    mutating func performWaterfallView(_ cmd: Command) -> [Effect]? {
        let page = waterfallBodyHeight
        switch cmd {
        case .focusSpan:
            message = focusSelected()
        case .unfocus:
            message = unfocus() ? "" : "not focused"
        // Esc peels one layer at a time: details, logs pane, statistics filter, then focus.
        case .closeDetails where waterfall?.detailsShown == false && waterfall?.logsShown == false
                && waterfall?.spanFilter == nil && !focusStack.isEmpty:
            _ = unfocus()
        case .toggleSkew:
            guard focusStack.isEmpty else { message = "leave focus first (F): skew changes the whole trace"; return [] }
            if let wf = waterfall, wf.otherTimes == nil, wf.index.tree.nodes.count > Thresholds.backgroundSpans,
               !wf.index.otherTimesReady {
                // The other tree is still being built (or was never asked for): wait for it as a job.
                let index = wf.index, generation = data.generation, trace = wf.traceIndex
                return startJob("building the other clock-skew times") { _ in
                    _ = index.otherTimes
                    return .skewReady(trace: trace, generation: generation)
                }
            }
            message = waterfall?.toggleSkew(data: data, page: page) ?? ""
        case .exportMenu:
            exportMenu = true
        case .criticalOnly, .cycleSizeThreshold, .zoomIn, .zoomOut, .zoomReset:
            message = waterfall?.performView(cmd, page: page) ?? ""
        default:
            return nil
        }
        clampScrolls()
        return []
    }

    /// `f`: the selected span's subtree becomes the view; the enclosing one waits on `focusStack`.
    mutating func focusSelected() -> String {
        guard let wf = waterfall, !wf.index.tree.nodes.isEmpty else { return "" }
        guard !wf.isPlaceholderSelected, wf.selectedVirtual == nil else { return "select a span to focus on" }
        let node = Int(wf.selectedNode)
        let tree = wf.index.tree
        let inner: TraceIndex
        if node == 0 && tree.roots.count == 1 && Int(tree.nodes[0].subtreeEnd) == tree.nodes.count {
            // The single root's subtree is the tree: reuse its index (no O(n) copy).
            inner = wf.index
        } else {
            inner = TraceIndex(data: data, traceIndex: wf.traceIndex, tree: tree.subtree(at: node))
            if inner.tree.nodes.count >= Thresholds.prefetchSpans { inner.prefetch() }
        }
        var focused = WaterfallState(index: inner, filter: wf.filter, sizeLevel: wf.sizeLevel)
        focused.criticalShown = wf.criticalShown
        if wf.endToEnd != nil { focused.endToEnd = EndToEndCache() }  // the subtree's own path
        focusStack.append(wf)
        waterfall = focused
        let n = inner.tree.nodes.count
        return "focus on \(Sanitize.text(data.set.name(data.set.spans[inner.tree.nodes[0].spanIndex]))) (\(Plural.counted(n, "span"))): F returns"
    }

    /// `F` / Esc: back to the enclosing view, cursor still on the focused span.
    mutating func unfocus() -> Bool {
        guard let outer = focusStack.popLast() else { return false }
        waterfall = outer
        return true
    }
}

extension WaterfallState {
    /// `z` levels: fold fan-outs of at least `foldMin` same-name siblings, and hide spans
    /// shorter than `percent` of the (focused) trace.
    static let sizeLevels: [(foldMin: Int, percent: Double)] = [(0, 0), (10, 0), (10, 0.1), (10, 1), (10, 5)]

    var walk: Walk { Walk(index: index, filter: filter, unfolded: unfolded) }

    mutating func performView(_ cmd: Command, page: Int) -> String {
        // The statistics filter's node list belongs to the rows as they are: views that rebuild
        // or replace them drop it (the status bar stops showing it).
        if spanFilter != nil, [.criticalOnly, .cycleSizeThreshold].contains(cmd) {
            spanFilter = nil
        }
        switch cmd {
        case .criticalOnly:
            filter.criticalOnly.toggle()
            rebuild(page: page)
            return filter.criticalOnly ? "critical path only: \(Plural.counted(hiddenSpans, "span")) hidden (C shows all)" : "all spans"
        case .cycleSizeThreshold:
            sizeLevel = (sizeLevel + 1) % Self.sizeLevels.count
            applySizeLevel()
            unfolded = []
            rebuild(page: page)
            return sizeLevelText
        case .zoomIn, .zoomOut, .zoomReset:
            return zoom(cmd)
        default:
            return ""
        }
    }

    mutating func applySizeLevel() {
        let f = Self.sizeFilter(sizeLevel, duration: index.tree.durationNs)
        filter.foldMin = f.foldMin
        filter.minDuration = f.minDuration
    }

    /// The filter `z` level `level` sets on a trace lasting `duration` (C off).
    static func sizeFilter(_ level: Int, duration: Int64) -> RowFilter {
        var f = RowFilter()
        f.foldMin = sizeLevels[level].foldMin
        f.minDuration = Int64((Double(duration) * sizeLevels[level].percent / 100).rounded(.up))
        return f
    }

    var sizeLevelText: String {
        let level = Self.sizeLevels[sizeLevel]
        if sizeLevel == 0 { return "size: all spans" }
        var s = "size: fold \(level.foldMin)+ same-name siblings"
        if level.percent > 0 {
            let pct = level.percent < 1 ? String(level.percent) : String(Int(level.percent))
            s += ", hide < \(pct)% (\(Units.duration(filter.minDuration)))"
        }
        return s + " · \(Plural.counted(hiddenSpans, "span")) hidden"
    }

    /// Spans behind hidden or folded rows. O(virtual rows).
    var hiddenSpans: Int { rows.virtuals.reduce(0) { $0 + $1.spans } }

    /// `[` halves and `]` doubles the window around the selected span's start; `0` shows all.
    mutating func zoom(_ cmd: Command) -> String {
        let full = TimeWindow(start: index.tree.startNs, duration: index.tree.durationNs)
        guard full.duration > 1 else { return "nothing to zoom" }
        let cur = timeWindow
        let center = index.tree.nodes[Int(selectedNode)].start
        switch cmd {
        case .zoomIn:
            let d = max(min(1_000, full.duration), cur.duration / 2)
            if d == cur.duration { return "zoomed in fully" }
            window = Self.clamp(center &- d / 2, d, in: full)
        case .zoomOut:
            let d = cur.duration > full.duration / 2 ? full.duration : cur.duration * 2
            window = d >= full.duration ? nil : Self.clamp(center &- d / 2, d, in: full)
        default:
            window = nil
        }
        return zoomText
    }

    static func clamp(_ start: Int64, _ d: Int64, in full: TimeWindow) -> TimeWindow {
        TimeWindow(start: min(max(start, full.start), full.end - d), duration: d)
    }

    /// "zoom 4×: 45.0 ms – 90.0 ms" (times from the trace start).
    var zoomText: String {
        guard let w = window else { return "zoom: whole trace" }
        let t0 = index.tree.startNs
        let factor = Double(index.tree.durationNs) / Double(max(1, w.duration))
        let f = factor >= 10 ? String(Int(factor.rounded())) : String((factor * 10).rounded() / 10)
        return "zoom \(f)×: \(Units.duration(w.start - t0)) – \(Units.duration(w.end - t0))"
    }

    /// `K`: the other skew setting. The other tree is built once, then kept; collapsed spans
    /// and the cursor follow their spans (node order can differ: children sort by adjusted start).
    mutating func toggleSkew(data: ExplorerData, page: Int) -> String {
        guard !index.tree.nodes.isEmpty else { return "" }
        let adjusted = index.tree.skewAdjustedCount > 0
        if otherTimes == nil {
            guard adjusted || index.skewCandidates > 0 else {
                return "no clock skew detected (no child outside its parent across hosts)"
            }
            otherTimes = index.otherTimes  // cached in the index (prefetched on large traces)
        }
        guard let other = otherTimes else { return "" }
        let old = index
        rebase(onto: other, data: data, page: page)
        otherTimes = old
        let now = index.tree.skewAdjustedCount
        return now > 0 ? "clock skew adjusted: \(Plural.counted(now, "span")) moved (K shows raw times)"
            : "raw times (K adjusts clock skew)"
    }
}
