import TerminalUI

extension KeyMap {
    private static func b(_ keys: [KeyEvent], _ command: Command, _ context: Context, _ help: String) -> KeyBinding {
        KeyBinding(keys: keys, command: command, context: context, help: help)
    }

    private static func c(_ ch: Character) -> KeyEvent { .character(ch) }

    /// Motions shared by the trace list and the waterfall.
    private static func motions(_ ctx: Context) -> [KeyBinding] {
        [
            b([c("j"), .down, .mouse(.wheelDown)], .moveDown, ctx, "down"),
            b([c("k"), .up, .mouse(.wheelUp)], .moveUp, ctx, "up"),
            b([c("g"), .home], .top, ctx, "first row"),
            b([c("G"), .end], .bottom, ctx, "last row"),
            b([.ctrl("d")], .halfPageDown, ctx, "half page down"),
            b([.ctrl("u")], .halfPageUp, ctx, "half page up"),
            b([.pageDown], .pageDown, ctx, "page down"),
            b([.pageUp], .pageUp, ctx, "page up"),
        ]
    }

    /// Linked logs: keys shared by the logs pane and the unlinked-logs screen.
    private static func logList(_ ctx: Context) -> [KeyBinding] {
        motions(ctx) + [
            b([c("h"), .left], .scrollLeft, ctx, "scroll left"),
            b([c("l"), .right], .scrollRight, ctx, "scroll right").hint(ctx == .logs ? nil : 2),
            b([c("/")], .search, ctx, "search logs").hint(ctx == .logs ? 3 : 1),
            b([c("n")], .nextMatch, ctx, "next match"),
            b([c("N")], .prevMatch, ctx, "previous match"),
            b([c("?")], .help, ctx, "help").hint(6),
        ]
    }

    /// Linked logs: the focused logs pane and the unlinked-logs screen.
    private static let logBindings: [KeyBinding] = logList(.logs) + [
        b([.enter], .jumpToLogSpan, .logs, "go to span").hint(1),
        b([c("A")], .toggleLogScope, .logs, "all / span logs").hint(2),
        b([c(" ")], .toggleDetails, .logs, "details of the line"),
        b([.tab], .focusNext, .logs, "focus pane").hint(4),
        b([c("L")], .closeLogs, .logs, "close logs"),
        b([.escape], .escape, .logs, "close logs").hint(5),
        b([c("q")], .back, .logs, "back"),
    ] + logList(.unlinkedLogs) + [
        b([c("q")], .back, .unlinkedLogs, "back").hint(7),
        b([.escape], .escape, .unlinkedLogs, "back"),
    ]

    // Statistics, outliers and compare.
    /// `t`, `m`, `v` on the trace list and the waterfall.
    private static func traceStatisticsKeys(_ ctx: Context) -> [KeyBinding] {
        [
            b([c("t")], .statistics, ctx, ctx == .traceList ? "statistics of all loaded traces" : "statistics of this trace"),
            b([c("m")], .markTrace, ctx, "mark this trace for compare"),
            b([c("v")], .compare, ctx, "compare the marked trace with this one"),
            b([c("M")], .openServiceMap, ctx, ctx == .traceList ? "service map of all loaded traces" : "service map of this trace"),
            b([c("!")], .openProblems, ctx, "load errors and warnings (files that failed, repairs)"),
        ]
    }

    /// What the statistics, filter, outlier and compare keys do beyond their one-line help.
    static func statisticsNote(_ ctx: Context) -> String? {
        switch ctx {
        case .traceList:
            return TraceFilter.markdown
        case .waterfall:
            return "After `<Enter>` in the statistics view the waterfall shows only that operation's spans and their "
                + "ancestors (`filter: … (Esc clears)` in the status bar); `<Esc>` with the details pane closed clears it. "
                + "`▲` (`^`) before a duration marks an outlier: at least 3× the median duration of its operation over "
                + "all loaded traces, for operations with at least 5 spans."
        case .statistics:
            return "`s` steps the sort through name, count, errors, total, self, critical, mean, p50, p95, max (each "
                + "largest first, the name A–Z); `S` reverses it. `crit%` is critical-path time as a share of the trace "
                + "duration (of all traces' durations in the whole-set view, opened with `t` on the trace list)."
        case .compare:
            return "`m` on the trace list or in a waterfall marks trace A; `v` on another trace opens this table: B − A "
                + "per operation, sorted by Δ total (then Δ self, Δ mean, Δ count, name with `s`); `<Enter>` opens "
                + "trace B's waterfall showing only that operation's spans."
        case .serviceMap:
            return "`M` on the trace list maps every loaded trace, in a waterfall the trace it shows. Each row is a call "
                + "from the service above it: `→` an RPC (a child span in another service), `⇢` (`~`) a message (an "
                + "asynchronous child). A service's calls are listed once; `≡ above` (`=`) marks a later occurrence, "
                + "`↺ loop` (`@`) a call back into a service on the way to it. `crit%` is the critical-path time inside "
                + "the calls (their spans and subtrees) as a share of the critical paths; `s`/`S` sort the siblings. "
                + "`a` in a waterfall highlights the end-to-end path (docs/end-to-end-path.md); waits before a "
                + "consumer are drawn as `┄` (`-`)."
        case .query:
            return "The line is the backend's search: `service=frontend op=\"GET /cart\" http.status_code=500 min=200ms "
                + "max=2s since=1h limit=50` (any other `key=value` is a tag), or on Tempo raw TraceQL starting with `{`. "
                + "`<Tab>` completes `service=` and `op=` values from the backend's own lists (suggestions under the line); "
                + "a mistake is shown with its column and nothing runs. The results are the trace list, newest first and "
                + "sorted with `s`/`S`: `+` marks a trace a poll added since the last key, `●` (`*`) a trace already "
                + "fetched (it opens at once); `<Enter>` fetches and opens one (`<Esc>` cancels the fetch). The search is "
                + "repeated every few seconds (`w` pauses polling); `r` in a waterfall fetches the trace again."
        default:
            return nil
        }
    }

    private static let statisticsBindings: [KeyBinding] = motions(.statistics) + [
        b([.enter], .open, .statistics, "show these spans (all traces: list them)").hint(1),
        b([c("s")], .sortNext, .statistics, "sort by next column").hint(2),
        b([c("S")], .sortReverse, .statistics, "reverse sort").hint(3),
        b([.tab], .toggleGrouping, .statistics, "operations / services").hint(4),
        b([c("?")], .help, .statistics, "help").hint(5),
        b([c("q")], .back, .statistics, "back").hint(6),
        b([.escape], .escape, .statistics, "back"),
    ]

    private static let compareBindings: [KeyBinding] = motions(.compare) + [
        b([.enter], .open, .compare, "show these spans in trace B").hint(1),
        b([c("s")], .sortNext, .compare, "sort by next column").hint(2),
        b([c("S")], .sortReverse, .compare, "reverse sort").hint(3),
        b([c("?")], .help, .compare, "help").hint(4),
        b([c("q")], .back, .compare, "back").hint(5),
        b([.escape], .escape, .compare, "back"),
    ]

    private static let serviceMapBindings: [KeyBinding] = motions(.serviceMap) + [
        b([.enter], .open, .serviceMap, "show the spans of this call (all traces: list the traces with it)").hint(1),
        b([c("s")], .sortNext, .serviceMap, "sort by next column").hint(2),
        b([c("S")], .sortReverse, .serviceMap, "reverse sort").hint(3),
        b([c("?")], .help, .serviceMap, "help").hint(4),
        b([c("q")], .back, .serviceMap, "back").hint(5),
        b([.escape], .escape, .serviceMap, "back"),
    ]

    private static let problemsBindings: [KeyBinding] = motions(.problems) + [
        b([c("?")], .help, .problems, "help").hint(2),
        b([c("q")], .back, .problems, "back").hint(3),
        b([.escape], .escape, .problems, "back"),
    ]

    /// The one table.
    public static let `default` = KeyMap(bindings: motions(.traceList) + [
        b([.enter], .open, .traceList, "open trace").hint(1),
        b([c("/")], .search, .traceList, "filter").hint(2),
        b([c(":")], .editQuery, .traceList, "on a backend: edit the search (also /): service=… op=… min=… since=… limit=…"),
        b([c("s")], .sortNext, .traceList, "sort by next column").hint(3),
        b([c("S")], .sortReverse, .traceList, "reverse sort"),
        b([.escape], .escape, .traceList, "clear filter"),
        b([c("?")], .help, .traceList, "help").hint(4),
        b([c("q")], .back, .traceList, "quit").hint(5),
        // Linked logs: trace list key.
        b([c("L")], .openUnlinkedLogs, .traceList, "unlinked logs"),
        b([c("w")], .toggleFollow, .traceList, "live data: pause / resume following (on a backend: polling on / off)"),
    ] + traceStatisticsKeys(.traceList) + motions(.waterfall) + [
        b([.enter], .toggleDetails, .waterfall, "details").hint(1),
        b([.escape], .escape, .waterfall, "one layer back: details, logs pane, span filter, focus"),
        b([c(" ")], .toggleExpand, .waterfall, "expand/collapse").hint(2),
        b([c("l"), .right], .expand, .waterfall, "expand"),
        b([c("h"), .left], .collapse, .waterfall, "collapse / to parent"),
        b([c("*")], .expandAll, .waterfall, "expand all"),
        b([c("-")], .collapseBelow, .waterfall, "collapse all below cursor"),
        b([c("/")], .search, .waterfall, "search").hint(3),
        b([c("n")], .nextMatch, .waterfall, "next match"),
        b([c("N")], .prevMatch, .waterfall, "previous match"),
        b([c("e")], .nextError, .waterfall, "next error").hint(4),
        b([c("E")], .prevError, .waterfall, "previous error"),
        b([c("c")], .toggleCriticalPath, .waterfall, "critical path highlight on/off"),
        b([c("p")], .nextCritical, .waterfall, "next critical-path section"),
        b([c("P")], .prevCritical, .waterfall, "previous critical-path section"),
        b([c("a")], .toggleEndToEnd, .waterfall, "end-to-end path highlight on/off (across asynchronous links)"),
        b([c("s")], .nextSelfTime, .waterfall, "next span by self time (largest first)"),
        b([c("S")], .prevSelfTime, .waterfall, "previous span by self time"),
        b([.tab], .focusNext, .waterfall, "focus pane"),
        b([c("y")], .copySpanID, .waterfall, "copy span id"),
        b([c("o")], .followLink, .waterfall, "open the next linked span (a Zipkin server half: its client half)"),
        b([c("w")], .toggleFollow, .waterfall, "live data: pause / resume following (on a backend: polling on / off)"),
        b([c("r")], .refreshTrace, .waterfall, "on a backend: fetch this trace again (cursor and folds stay)"),
        b([c("?")], .help, .waterfall, "help").hint(5),
        b([c("q")], .back, .waterfall, "back").hint(6),
        // Linked logs: waterfall keys.
        b([c("L")], .toggleLogs, .waterfall, "logs pane: the selected span's logs"),
        b([c("A")], .toggleLogScope, .waterfall, "logs pane: all logs of the trace"),
        // Waterfall views. The skew toggle is `K`, not `k`: `k` is "up".
        b([c("C")], .criticalOnly, .waterfall, "critical path only (others hidden) on/off"),
        b([c("z")], .cycleSizeThreshold, .waterfall, "next size level: fold fan-outs, hide short spans"),
        b([c("f")], .focusSpan, .waterfall, "focus: re-root on the selected span"),
        b([c("F")], .unfocus, .waterfall, "leave focus (also <Esc> without details)"),
        b([c("[")], .zoomIn, .waterfall, "zoom in on the selected span's start"),
        b([c("]")], .zoomOut, .waterfall, "zoom out"),
        b([c("0")], .zoomReset, .waterfall, "zoom: whole trace"),
        b([c("K")], .toggleSkew, .waterfall, "clock skew: adjusted / raw times"),
        b([c("x")], .exportMenu, .waterfall, "export subtree or trace (menu)"),
    ] + traceStatisticsKeys(.waterfall) + [
        b([c("j"), .down, .mouse(.wheelDown)], .moveDown, .details, "scroll down").hint(1),
        b([c("k"), .up, .mouse(.wheelUp)], .moveUp, .details, "scroll up"),
        b([c("g"), .home], .top, .details, "scroll to top"),
        b([.tab], .focusNext, .details, "focus tree").hint(2),
        b([.enter], .searchConfirm, .search, "apply").hint(1),
        b([.escape], .escape, .search, "cancel").hint(2),
        b([.backspace], .searchDelete, .search, "delete character"),
        b([.ctrl("w")], .deleteWord, .search, "delete word"),
        b([.ctrl("u")], .clearLine, .search, "clear the line"),
        b([.enter], .searchConfirm, .query, "run the search").hint(1),
        b([.tab], .complete, .query, "complete the service= / op= value").hint(2),
        b([.escape], .escape, .query, "cancel").hint(3),
        b([.backspace], .searchDelete, .query, "delete character"),
        b([.ctrl("w")], .deleteWord, .query, "delete word"),
        b([.ctrl("u")], .clearLine, .query, "clear the line"),
        b([c("o")], .exportSubtreeOTLP, .export, "subtree as OTLP JSON to a file").hint(1),
        b([c("t")], .exportSubtreeText, .export, "subtree as a text tree to a file").hint(2),
        b([c("O")], .exportTraceOTLP, .export, "whole trace as OTLP JSON to a file").hint(3),
        b([c("T")], .exportTraceText, .export, "whole trace as a text tree to a file").hint(4),
        b([c("y")], .copySubtreeText, .export, "subtree text tree to the clipboard").hint(5),
        b([c("Y")], .copySubtreeOTLP, .export, "subtree OTLP JSON to the clipboard"),
        b([c("q"), c("x")], .exportCancel, .export, "cancel"),
        b([.escape], .escape, .export, "cancel").hint(6),
        b([c("?"), c("q")], .closeHelp, .help, "close help").hint(1),
        b([.escape], .escape, .help, "close help"),
        b([c("j"), .down], .moveDown, .help, "scroll down"),
        b([c("k"), .up], .moveUp, .help, "scroll up"),
    ] + logBindings + statisticsBindings + compareBindings + serviceMapBindings + problemsBindings + Context.allCases.map { b([.ctrl("c")], .quit, $0, "quit") })
}
