import Testing
@testable import Explorer
import Reports
import TerminalUI
import TraceModel
import TestSupport
import TraceAnalysis

/// Linked logs in the explorer: a small two-trace set with logs of every kind.
enum LogFixture {
    static let trace = TraceID(high: 0, low: 0xabc)

    /// Trace 0xabc: spans 0 ← 1 ← 2 and 0 ← 3 (node i = span i, span id i + 1), span 3 with one
    /// event; its logs on spans 0, 1, 2 (two: an error with a kvlist body and a JSON string body),
    /// one with no span and one of an unknown span. Trace 0xdef: no logs.
    /// Two unlinked logs: one without trace context, one of an unknown trace.
    static func set() -> TraceSet {
        var set = Synthetic.set(parents: [-1, 0, 1, 0])
        set.merge(Synthetic.set(parents: [-1, 0], trace: 0xdef))
        let src = set.addDetailSource(InMemoryDetails([SpanDetails(events: [
            SpanEvent(time: 1_000_040, name: "cache.miss", attributes: [Attribute("cache.key", .string("k1"))]),
        ])]))
        set.spans[3].detail = DetailRef(source: src, offset: 0, length: 0)
        set.spans[3].eventCount = 1
        func log(_ t: Int64, _ sev: UInt8, _ body: AttributeValue, span: UInt64, trace: TraceID = trace,
                 attrs: [Attribute] = []) -> LogRecord {
            LogRecord(time: t, severityNumber: sev, body: body, attributes: attrs, traceID: trace, spanID: SpanID(span))
        }
        set.logs = [
            log(1_000_005, 9, .string("request started"), span: 1, attrs: [Attribute("user.id", .int(42))]),
            log(1_000_015, 13, .string("retrying upstream"), span: 2),
            log(1_000_030, 5, .string(#"{"user":"ann","cart":{"items":3}}"#), span: 3),
            log(1_000_025, 17, .keyValues([
                Attribute("error", .keyValues([Attribute("code", .int(500)), Attribute("msg", .string("boom"))])),
                Attribute("query", .string("select 1")),
            ]), span: 3),
            log(1_000_050, 9, .string("batch flushed"), span: 0),
            log(1_000_060, 9, .string("ghost span"), span: 0x999),
            log(2_000_000, 13, .string("no context here"), span: 0, trace: .zero),
            log(3_000_000, 17, .string("orphan \u{1b}[31mred"), span: 7, trace: TraceID(high: 0, low: 0x777)),
        ]
        return set
    }

    static func app(width: Int = 120, height: Int = 24) -> ExplorerApp {
        let s = set()
        return ExplorerApp(set: s, analysis: Analysis(s), width: width, height: height)
    }

    /// The list opened on trace 0xabc.
    static func opened(width: Int = 120, height: Int = 24) throws -> ExplorerApp {
        var app = app(width: width, height: height)
        _ = try app.press("<Enter>")
        #expect(app.wf.index.tree.traceID == trace)
        return app
    }
}

@Suite struct LogTests {
    @Test(arguments: [
        ("logs-list", "", 120, 10), ("logs-span", "<Enter>jjL", 120, 24), ("logs-trace", "<Enter>A", 120, 24),
        ("logs-jump", "<Enter>Ajjj<Enter>", 120, 24), ("logs-details", "<Enter>jjL<Tab><Space>", 140, 30),
        ("logs-unlinked", "L", 100, 8), ("logs-search", "<Enter>A/boom<Enter>", 120, 24),
    ])
    func golden(name: String, keys: String, width: Int, height: Int) throws {
        let s = LogFixture.set()
        let out = try ExplorerApp.renderHeadless(set: s, analysis: Analysis(s), width: width, height: height, keys: keys)
        try Snapshot.expect(name + ".txt", Snapshot.document(text: out.text, roles: out.roles))
    }

    @Test func indexResolvesLogsToNodes() throws {
        let app = try LogFixture.opened()
        let logs = app.wf.index.logs
        #expect(logs.lines.count == 6)
        #expect(logs.marks[0] == TraceLogs.Mark(count: 1, errors: 0))
        #expect(logs.marks[1] == TraceLogs.Mark(count: 1, errors: 0))
        #expect(logs.marks[2] == TraceLogs.Mark(count: 2, errors: 1))
        #expect(logs.marks[3] == nil)  // an event only: events are not counted
        // The span-less and the unknown span's logs stay in the trace, with no node.
        #expect(logs.lines.filter { $0.node == -1 }.count == 2)
        #expect(app.state.data.logs.unlinked.count == 2)
    }

    @Test func traceWithoutLogsBuildsNothing() throws {
        var app = LogFixture.app()
        _ = try app.press("j<Enter>")
        #expect(app.wf.index.logs.lines.isEmpty && app.wf.index.logs.marks.isEmpty)
        let text = app.render(width: 120, height: 24).text()
        #expect(!text.contains("≡"))
    }

    @Test func spanModeFollowsTheTreeCursor() throws {
        var app = try LogFixture.opened()
        _ = try app.press("L")
        #expect(app.wf.logsShown && !app.wf.logs.wholeTrace && app.state.context == .waterfall)
        #expect(app.wf.logs.lines.count == 1)  // node 0: "request started"
        _ = try app.press("j")
        #expect(app.wf.logs.lines.count == 1)
        _ = try app.press("j")  // node 2: the error, then the JSON line (time order, not input order)
        #expect(app.wf.logs.lines.map(\.time) == [1_000_025, 1_000_030])
        _ = try app.press("j")  // node 3: its event as a log line
        #expect(app.wf.logs.lines.count == 1 && app.wf.logs.lines[0].isEvent)
        _ = try app.press("L")
        #expect(!app.wf.logsShown)
    }

    @Test func wholeTraceToggleAndJump() throws {
        var app = try LogFixture.opened()
        _ = try app.press("A")
        #expect(app.wf.logsShown && app.wf.logs.wholeTrace && app.state.context == .logs)
        // Six records and one event; records count without the event.
        #expect(app.wf.logs.lines.count == 7)
        _ = try app.press("jj<Enter>")  // 3rd line: the error of node 2
        #expect(app.wf.selectedNode == 2)
        #expect(app.state.context == .logs)
        #expect(app.state.message == "span svc: op2")
        _ = try app.press("A")  // back to the span's lines: node 2 has two
        #expect(!app.wf.logs.wholeTrace && app.wf.logs.lines.count == 2)
        _ = try app.press("G")
        #expect(app.wf.logs.cursor == 1)
        _ = try app.press("<Esc>")
        #expect(!app.wf.logsShown && app.state.context == .waterfall && app.wf.focus == .tree)
    }

    @Test func jumpFromALineWithoutSpanSaysSo() throws {
        var app = try LogFixture.opened()
        _ = try app.press("AG<Enter>")  // last line: the unknown span's
        #expect(app.state.message == "the line's span is not in this trace")
        #expect(app.wf.selectedNode == 0)
    }

    @Test func tabCyclesTreeDetailsLogs() throws {
        var app = try LogFixture.opened()
        _ = try app.press("<Tab>")
        #expect(app.state.message == "details are hidden: press <Enter>")
        _ = try app.press("L<Tab>")
        #expect(app.wf.focus == .logs && app.wf.detailsShowLog)
        _ = try app.press("<Space>")  // details of the line, focus stays
        #expect(app.wf.detailsShown && app.wf.focus == .logs)
        _ = try app.press("<Tab>")
        #expect(app.wf.focus == .tree && !app.wf.detailsShowLog)
        _ = try app.press("<Tab>")
        #expect(app.wf.focus == .details)
        _ = try app.press("<Tab>")
        #expect(app.wf.focus == .logs && app.state.context == .logs)
    }

    @Test func searchInTheLogsPane() throws {
        var app = try LogFixture.opened()
        _ = try app.press("A/")
        #expect(app.state.context == .search)
        #expect(app.render(width: 120, height: 24).text().contains("search logs: "))
        _ = try app.press("user<Enter>")  // an attribute key of line 0, a JSON body key of line 3
        #expect(app.wf.logs.matches == [0, 3])
        #expect(app.wf.logs.cursor == 0)
        #expect(app.render(width: 120, height: 24).text().contains("line 1/7 · /user 1/2"))
        _ = try app.press("n")
        #expect(app.wf.logs.cursor == 3)
        _ = try app.press("n")
        #expect(app.wf.logs.cursor == 0)
        _ = try app.press("N")
        #expect(app.wf.logs.cursor == 3)
        _ = try app.press("/user.id=42<Enter>")
        #expect(app.wf.logs.matches == [0])
        _ = try app.press("/nothing-like-it<Enter>")
        #expect(app.wf.logs.matches.isEmpty && app.state.message == "no matches for nothing-like-it")
        // The tree's own search is untouched.
        #expect(app.wf.matches.isEmpty)
    }

    @Test func structuredBodiesAreKeyValues() {
        let kv = LogDetailView.structured(.keyValues([
            Attribute("error", .keyValues([Attribute("code", .int(500))])), Attribute("q", .string("x")),
        ]))
        #expect(kv?.map { $0.0 + "=" + $0.1 } == ["error.code=500", "q=x"])
        let json = LogDetailView.structured(.string(#" {"b":{"c":true},"a":[1,2],"s":"t"}"#))
        #expect(json?.map { $0.0 + "=" + $0.1 } == ["a=[1,2]", "b.c=true", "s=t"])
        #expect(LogDetailView.structured(.string("plain {text}")) == nil)
        #expect(LogDetailView.structured(.string("{broken")) == nil)
    }

    @Test func multiLineBodiesKeepTheirLinesInTheDetails() throws {
        var set = LogFixture.set()
        set.logs[0].body = .string("panic: boom\n\tat main.go:12\n\u{1b}[2Jdone")
        var app = ExplorerApp(set: set, analysis: Analysis(set), width: 140, height: 30)
        _ = try app.press("<Enter>L<Tab><Space>")
        let text = app.render(width: 140, height: 30).text()
        #expect(text.contains("panic: boom\\n\\tat main.go:12"))  // the pane: one row, escapes visible
        #expect(text.contains("│ panic: boom "))  // the details: one line each
        #expect(text.contains("│     at main.go:12 "))
        #expect(text.contains("│ \\u{1b}[2Jdone "))
        #expect(!text.contains("\u{1b}"))
    }

    @Test func clickInTheLogsPaneSelectsTheLine() throws {
        var app = try LogFixture.opened()
        _ = try app.press("A<Tab>")
        #expect(app.wf.focus == .tree)
        let pane = try #require(app.state.waterfallLayout.logs)
        _ = app.handle(.mouse(.click(x: 30, y: pane.y + 3)))  // third line
        #expect(app.wf.focus == .logs && app.wf.logs.cursor == 2)
        _ = app.handle(.mouse(.click(x: 30, y: 3)))  // back in the tree: node 1
        #expect(app.wf.focus == .tree && app.wf.selectedNode == 1)
    }

    @Test func spanDetailsCountTheSpansLogs() throws {
        var app = try LogFixture.opened(width: 140, height: 30)
        _ = try app.press("jj<Enter>")
        #expect(app.render(width: 140, height: 30).text().contains("logs           2, 1 error (L shows them)"))
        _ = try app.press("j")  // node 3: an event, no logs: no row
        #expect(!app.render(width: 140, height: 30).text().contains("L shows them"))
    }

    @Test(arguments: [(1, 1), (12, 4), (40, 8), (80, 12), (140, 40)])
    func tinyTerminalsWithLogsDoNotCrash(width: Int, height: Int) throws {
        let s = LogFixture.set()
        for keys in ["L", "<Enter>L", "<Enter>A", "<Enter>A<Space>jG", "<Enter>A/u<Enter>nN", "<Enter>jjL<Tab><Tab>"] {
            let out = try ExplorerApp.renderHeadless(set: s, analysis: Analysis(s), width: width, height: height, keys: keys)
            #expect(out.text.split(separator: "\n", omittingEmptySubsequences: false).count == height)
        }
    }

    /// A seeded walk over the log keys (and the ones around them) at two sizes: never crashes,
    /// cursors stay inside their lists.
    @Test func randomKeysKeepTheStateConsistent() throws {
        let keys: [KeyEvent] = try KeyNotation.parse("jkGgLA<Enter><Tab><Esc><Space>hlnN/x<BS><C-d><PgUp>e")
            + [.mouse(.click(x: 20, y: 18)), .mouse(.click(x: 20, y: 3)), .resize]
        var app = LogFixture.app(width: 100, height: 24)
        var rng = SplitMix64(seed: 0x5eed)
        var withLogs = 0, unlinked = 0
        for step in 0..<3_000 {
            let key = keys[rng.below(keys.count)]
            if app.handle(key).contains(.quit) { break }
            if step % 500 == 0 { app.resize(width: step % 1000 == 0 ? 60 : 100, height: 24) }
            _ = app.render(width: app.state.width, height: app.state.height)
            if app.state.screen == .unlinkedLogs { unlinked += 1 }
            if let wf = app.state.waterfall {
                if wf.logsShown { withLogs += 1 }
                #expect(wf.logs.cursor == 0 || wf.logs.cursor < wf.logs.lines.count)
                #expect(wf.logs.scroll <= wf.logs.cursor)
            }
        }
        #expect(withLogs > 300 && unlinked > 10)  // the walk did reach both log lists
    }

    @Test func listFilterOnLogs() throws {
        var app = LogFixture.app()
        _ = try app.press("/log:boom<Enter>")
        #expect(app.state.list.rows == [0])
        // The prompt starts from the current filter: <Esc> clears it first.
        _ = try app.press("<Esc>/log:user.id=42<Enter>")
        #expect(app.state.list.rows == [0])
        _ = try app.press("<Esc>/log:zzz<Enter>")
        #expect(app.state.list.rows.isEmpty)
        _ = try app.press("<Esc>/log:<Enter>")  // any log
        #expect(app.state.list.rows == [0])
    }

    @Test func unlinkedLogsScreen() throws {
        var app = LogFixture.app()
        let title = app.render(width: 120, height: 10).text()
        #expect(title.contains("8 logs (2 unlinked: L)"))
        _ = try app.press("L")
        #expect(app.state.screen == .unlinkedLogs && app.state.context == .unlinkedLogs)
        #expect(app.state.unlinked?.lines.count == 2)
        let text = app.render(width: 100, height: 8).text()
        #expect(text.contains("no trace") && text.contains("trace 00000000"))
        #expect(!text.contains("\u{1b}"))
        _ = try app.press("/orphan<Enter>")
        #expect(app.state.unlinked?.cursor == 1)
        _ = try app.press("<Esc>")
        #expect(app.state.screen == .traceList && app.state.unlinked == nil)
    }

    @Test func sidewaysScrollShiftsBodies() throws {
        var app = try LogFixture.opened()
        _ = try app.press("A")
        let before = app.render(width: 120, height: 24).text()
        #expect(before.contains("request started"))
        _ = try app.press("l")
        #expect(app.wf.logs.hscroll == 8)
        let after = app.render(width: 120, height: 24).text()
        #expect(!after.contains("request started") && after.contains("started"))
        _ = try app.press("hh")
        #expect(app.wf.logs.hscroll == 0)
    }

    @Test func errorLogsMarkTheirSpan() throws {
        let app = try LogFixture.opened()
        let grid = app.render(width: 120, height: 24)
        let lines = grid.text().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let roles = grid.roles().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Node i is on row y = 2 + i. Node 2: "≡2" in the error role; node 1: "≡1" as a log mark
        // (node 0's row is the selected one).
        let r2 = Array(lines[4]), c2 = Array(roles[4])
        let x2 = try #require(r2.firstIndex(of: "≡"))
        #expect(r2[x2 + 1] == "2" && c2[x2] == Role.error.code)
        let r0 = Array(lines[3]), c0 = Array(roles[3])
        let x0 = try #require(r0.firstIndex(of: "≡"))
        #expect(r0[x0 + 1] == "1" && c0[x0] == Role.logMark.code)
        #expect(!lines[5].contains("≡"))  // node 3: an event but no logs, no mark
    }
}
