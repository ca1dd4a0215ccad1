/// Semantic actions. Keys map to these through `KeyMap`; `update` only ever sees commands, so
/// tests and a future config file speak the same language.
public enum Command: Hashable, Sendable {
    case moveDown, moveUp, top, bottom, halfPageDown, halfPageUp, pageDown, pageUp
    /// Trace list: open the selected trace.
    case open
    /// Waterfall: show or hide the span details pane.
    case toggleDetails
    /// Waterfall: hide the details pane if it is shown; otherwise clear a statistics filter, if any.
    case closeDetails
    case toggleExpand, expand, collapse, expandAll, collapseBelow
    /// Opens the prompt: a live filter on the trace list, a span search in the waterfall.
    case search
    case nextMatch, prevMatch, nextError, prevError
    case focusNext, copySpanID
    /// Waterfall: go to the next loaded span the selected span links to.
    case followLink
    /// Waterfall: critical-path highlighting on/off.
    case toggleCriticalPath
    case toggleEndToEnd
    case openServiceMap
    /// Waterfall: the next / previous critical-path section in time order.
    case nextCritical, prevCritical
    /// Waterfall: walk spans by self time, largest first (`nextSelfTime`) or back.
    case nextSelfTime, prevSelfTime
    case sortNext, sortReverse, clearFilter
    /// Back one screen; quits from the first screen.
    case back
    /// Leave at once, from anywhere (Ctrl-C: the terminal is in raw mode, so it is a key).
    case quit
    case help, closeHelp
    case searchAppend(Character), searchDelete, searchConfirm, searchCancel
    /// Prompt and query line: delete the word before the cursor / the whole line (readline's Ctrl-W, Ctrl-U).
    case deleteWord, clearLine
    // Statistics, outliers and compare.
    /// Waterfall: this trace's statistics; trace list: the statistics of all loaded traces.
    case statistics
    /// Statistics: switch between the per-operation and the per-service table.
    case toggleGrouping
    /// Trace list / waterfall: remember this trace as the A side of a comparison.
    case markTrace
    /// Trace list / waterfall: compare the marked trace (A) with this one (B).
    case compare

    // Linked logs (the explorer side).
    /// Waterfall: show or hide the logs pane (the selected span's logs).
    case toggleLogs
    /// The logs pane lists the selected span's logs or all logs of the trace (from the
    /// waterfall it opens the pane on the trace's logs, focused).
    case toggleLogScope
    /// Logs pane: hide it.
    case closeLogs
    /// Logs pane: select the span of the log line under the cursor in the waterfall.
    case jumpToLogSpan
    /// Log lists: scroll the bodies sideways.
    case scrollLeft, scrollRight
    /// Trace list: open the screen of logs that belong to no loaded trace.
    case openUnlinkedLogs

    // Waterfall views: critical-path-only, size collapsing, focus, zoom, skew, export.
    /// Waterfall: show only the critical path (with ancestors) and "N spans hidden" rows.
    case criticalOnly
    /// Waterfall: next size level (fold same-name fan-outs, then hide ever longer short spans).
    case cycleSizeThreshold
    /// Waterfall: re-root on the selected span's subtree / back to the enclosing view.
    case focusSpan, unfocus
    /// Waterfall: halve / double the shown time window around the selection / whole trace.
    case zoomIn, zoomOut, zoomReset
    /// Waterfall: clock-skew adjusted times on/off.
    case toggleSkew
    /// Waterfall: open the export menu; its choices; close it.
    case exportMenu
    case exportSubtreeOTLP, exportSubtreeText, exportTraceOTLP, exportTraceText, copySubtreeText, copySubtreeOTLP
    case exportCancel
    /// Trace list and waterfall: pause or resume following live data.
    case toggleFollow
    /// `<Esc>` everywhere: one layer back (`AppState.escape`).
    case escape
    /// The load errors and warnings screen.
    case openProblems
    /// Backend trace list: edit the search query line.
    case editQuery
    /// Query line: complete the `service=` / `op=` value being typed.
    case complete
    /// Waterfall on a backend: fetch the trace again (spans that arrived since).
    case refreshTrace

    /// Stable name for the generated docs.
    public var name: String {
        switch self {
        case .searchAppend: return "searchAppend"
        default: return String(describing: self)
        }
    }
}

/// Where the keyboard is: decides which part of the key map is live.
public enum Context: String, CaseIterable, Sendable {
    case traceList, waterfall, details, search, help
    /// The waterfall's logs pane (focused), and the unlinked-logs screen.
    case logs, unlinkedLogs
    case statistics, compare
    /// The service map (`M`).
    case serviceMap
    /// The `x` export menu over the waterfall.
    case export
    /// Load errors and warnings (`!`).
    case problems
    /// A backend's search query line (`:`).
    case query

    /// Contexts whose bindings also apply here (the details pane lives inside the waterfall).
    var fallbacks: [Context] {
        self == .details ? [.details, .waterfall] : [self]
    }

    public var title: String {
        switch self {
        case .traceList: return "Trace list"
        case .waterfall: return "Waterfall"
        case .details: return "Span details (focused)"
        case .search: return "Search / filter prompt"
        case .help: return "Help"
        case .logs: return "Logs pane (focused)"
        case .unlinkedLogs: return "Unlinked logs"
        case .statistics: return "Statistics"
        case .compare: return "Compare two traces"
        case .serviceMap: return "Service map"
        case .export: return "Export menu (after x)"
        case .problems: return "Load errors and warnings"
        case .query: return "Backend search query line (after :)"
        }
    }
}
