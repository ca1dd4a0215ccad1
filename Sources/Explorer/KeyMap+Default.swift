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

    /// The one table.
    public static let `default` = KeyMap(bindings: motions(.traceList) + [
        b([.enter], .open, .traceList, "open trace"),
        b([c("/")], .search, .traceList, "filter"),
        b([c("s")], .sortNext, .traceList, "sort by next column"),
        b([c("S")], .sortReverse, .traceList, "reverse sort"),
        b([.escape], .clearFilter, .traceList, "clear filter"),
        b([c("?")], .help, .traceList, "help"),
        b([c("q")], .back, .traceList, "quit"),
    ] + motions(.waterfall) + [
        b([.enter], .toggleDetails, .waterfall, "details"),
        b([.escape], .closeDetails, .waterfall, "close details / leave focus"),
        b([c(" ")], .toggleExpand, .waterfall, "expand/collapse"),
        b([c("l"), .right], .expand, .waterfall, "expand"),
        b([c("h"), .left], .collapse, .waterfall, "collapse / to parent"),
        b([c("*")], .expandAll, .waterfall, "expand all"),
        b([c("-")], .collapseBelow, .waterfall, "collapse all below cursor"),
        b([c("/")], .search, .waterfall, "search"),
        b([c("n")], .nextMatch, .waterfall, "next match"),
        b([c("N")], .prevMatch, .waterfall, "previous match"),
        b([c("e")], .nextError, .waterfall, "next error"),
        b([c("E")], .prevError, .waterfall, "previous error"),
        b([c("c")], .toggleCriticalPath, .waterfall, "critical path highlight on/off"),
        b([c("p")], .nextCritical, .waterfall, "next critical-path section"),
        b([c("P")], .prevCritical, .waterfall, "previous critical-path section"),
        b([c("s")], .nextSelfTime, .waterfall, "next span by self time (largest first)"),
        b([c("S")], .prevSelfTime, .waterfall, "previous span by self time"),
        b([.tab], .focusNext, .waterfall, "focus pane"),
        b([c("y")], .copySpanID, .waterfall, "copy span id"),
        b([c("o")], .followLink, .waterfall, "open the next linked span"),
        b([c("?")], .help, .waterfall, "help"),
        b([c("q")], .back, .waterfall, "back"),
        // Waterfall views (issue #4). The skew toggle is `K`, not the issue's `k`: `k` is "up".
        b([c("C")], .criticalOnly, .waterfall, "critical path only (others hidden) on/off"),
        b([c("z")], .cycleSizeThreshold, .waterfall, "next size level: fold fan-outs, hide short spans"),
        b([c("f")], .focusSpan, .waterfall, "focus: re-root on the selected span"),
        b([c("F")], .unfocus, .waterfall, "leave focus (also <Esc> without details)"),
        b([c("[")], .zoomIn, .waterfall, "zoom in on the selected span's start"),
        b([c("]")], .zoomOut, .waterfall, "zoom out"),
        b([c("0")], .zoomReset, .waterfall, "zoom: whole trace"),
        b([c("K")], .toggleSkew, .waterfall, "clock skew: adjusted / raw times"),
        b([c("x")], .exportMenu, .waterfall, "export subtree or trace (menu)"),
        b([c("j"), .down, .mouse(.wheelDown)], .moveDown, .details, "scroll down"),
        b([c("k"), .up, .mouse(.wheelUp)], .moveUp, .details, "scroll up"),
        b([c("g"), .home], .top, .details, "scroll to top"),
        b([.tab], .focusNext, .details, "focus tree"),
        b([.enter], .searchConfirm, .search, "apply"),
        b([.escape], .searchCancel, .search, "cancel"),
        b([.backspace], .searchDelete, .search, "delete character"),
        b([c("o")], .exportSubtreeOTLP, .export, "subtree as OTLP JSON to a file"),
        b([c("t")], .exportSubtreeText, .export, "subtree as a text tree to a file"),
        b([c("O")], .exportTraceOTLP, .export, "whole trace as OTLP JSON to a file"),
        b([c("T")], .exportTraceText, .export, "whole trace as a text tree to a file"),
        b([c("y")], .copySubtreeText, .export, "subtree text tree to the clipboard"),
        b([c("Y")], .copySubtreeOTLP, .export, "subtree OTLP JSON to the clipboard"),
        b([.escape, c("q"), c("x")], .exportCancel, .export, "cancel"),
        b([c("?"), .escape, c("q")], .closeHelp, .help, "close help"),
        b([c("j"), .down], .moveDown, .help, "scroll down"),
        b([c("k"), .up], .moveUp, .help, "scroll up"),
    ] + Context.allCases.map { b([.ctrl("c")], .quit, $0, "quit") })
}
