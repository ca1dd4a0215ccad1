import Testing
@testable import Explorer
import Reports
import TerminalUI
import TraceModel
import TraceAnalysis

@Suite struct UpdateTests {
    @Test func singleTraceOpensWaterfall() throws {
        let app = try Fixture.checkoutApp()
        #expect(app.state.screen == .waterfall(0))
        #expect(app.wf.rows.count == 12)
        #expect(app.state.context == .waterfall)
    }

    @Test(arguments: [
        ("jj", 2), ("jjk", 1), ("G", 11), ("Gg", 0), ("<End><Home>", 0), ("<Down><Down><Up>", 1),
        ("<C-d>", 10), ("<C-d><C-u>", 0), ("<PgDn>", 11), ("G<PgUp>", 0), ("k", 0), ("Gj", 11),
    ])
    func navigation(keys: String, row: Int) throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press(keys)
        #expect(app.wf.cursor == row)
    }

    @Test func collapseExpandAndParent() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("h")
        #expect(app.wf.rows.count == 1)
        _ = try app.press("h")  // collapsed root: no parent, stays
        #expect(app.wf.cursor == 0 && app.wf.rows.count == 1)
        _ = try app.press("l")
        #expect(app.wf.rows.count == 12)
        _ = try app.press("l")  // expanded: moves to first child
        #expect(app.wf.cursor == 1)
        _ = try app.press("jjh")  // leaf "select cart_items": h goes to its parent
        #expect(app.wf.cursor == 2)
        _ = try app.press("jjh")  // row 4 "reserve stock" expanded: h collapses
        #expect(app.wf.cursor == 4 && app.wf.rows.count == 10)
        _ = try app.press("h")  // now collapsed: h goes to parent
        #expect(app.wf.cursor == 2)
        _ = try app.press("<Space>")
        #expect(app.wf.rows.count == 3)
        _ = try app.press("<Space>")
        #expect(app.wf.rows.count == 10)
    }

    @Test func collapseBelowAndExpandAll() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("-")
        #expect(app.wf.rows.visibleRows == [0, 1])
        _ = try app.press("*")
        #expect(app.wf.rows.count == 12)
        _ = try app.press("jj-")
        #expect(app.wf.rows.visibleRows == [0, 1, 2, 3, 4, 7, 9, 11])
        #expect(app.wf.cursor == 2)
    }

    @Test func searchMatchesAndCounts() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("/charge<Enter>")
        let m = app.wf.matches
        #expect(m.count >= 4)
        #expect(m.contains(7) && m.contains(8) && m.contains(9) && m.contains(10))
        #expect(app.wf.selectedNode == m[0] && app.wf.matchIndex == 0)
        #expect(StatusBar.position(app.state).contains("/charge 1/\(m.count)"))
        _ = try app.press("n")
        #expect(app.wf.selectedNode == m[1] && app.wf.matchIndex == 1)
        _ = try app.press("NN")
        #expect(app.wf.selectedNode == m[m.count - 1] && app.wf.matchIndex == m.count - 1)
        _ = try app.press("n")
        #expect(app.wf.selectedNode == m[0])
    }

    @Test func searchOpensCollapsedAncestors() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("h/warehouse<Enter>")
        #expect(app.wf.matches == [6])
        #expect(app.wf.selectedNode == 6 && app.wf.rows.count == 12)
    }

    @Test func searchNoMatchAndCancel() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("/zzzz<Enter>")
        #expect(app.wf.matches.isEmpty && app.state.message.contains("no matches"))
        _ = try app.press("n")
        #expect(app.state.message.contains("no matches"))
        _ = try app.press("/abc<Esc>")
        #expect(!app.state.searchActive && app.wf.query == "zzzz")
    }

    @Test func errorNavigation() throws {
        var app = try Fixture.checkoutApp()
        #expect(app.wf.index.errorNodes == [8])
        _ = try app.press("e")
        #expect(app.wf.selectedNode == 8 && app.state.message == "error 1/1")
        _ = try app.press("Ge")
        #expect(app.wf.selectedNode == 8)
        _ = try app.press("gE")
        #expect(app.wf.selectedNode == 8)
    }

    @Test func backAndQuit() throws {
        var app = try Fixture.checkoutApp()
        #expect(try app.press("q").isEmpty)
        #expect(app.state.screen == .traceList && app.state.waterfall == nil)
        #expect(try app.press("q") == [.quit])
    }

    @Test func demoOpensListAndEnterOpensTrace() throws {
        let (set, analysis) = try Fixture.demo()
        var app = ExplorerApp(set: set, analysis: analysis, width: 120, height: 24)
        #expect(app.state.screen == .traceList && app.state.list.rows.count == 150)
        _ = try app.press("jj<Enter>")
        #expect(app.state.screen == .waterfall(app.state.list.rows[2]))
        _ = try app.press("q")
        #expect(app.state.screen == .traceList && app.state.list.cursor == 2)
    }

    @Test func enterTogglesDetailsAndTabFocus() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("<Tab>")
        #expect(app.state.context == .waterfall && app.state.message.contains("hidden"))
        _ = try app.press("<Enter>")
        #expect(app.wf.detailsShown)
        _ = try app.press("<Tab>")
        #expect(app.state.context == .details)
        _ = try app.press("jj")
        #expect(app.wf.detailScroll == 2 && app.wf.cursor == 0)
        _ = try app.press("<Tab>j")
        #expect(app.wf.cursor == 1 && app.state.context == .waterfall)
        _ = try app.press("<Enter>")
        #expect(!app.wf.detailsShown)
    }

    @Test func copySpanID() throws {
        var app = try Fixture.checkoutApp()
        #expect(try app.press("y") == [.copyToClipboard("a000000000000001")])
        #expect(app.state.message.contains("a000000000000001"))
        #expect(ExplorerApp.osc52("hi") == "\u{1b}]52;c;aGk=\u{07}")
    }

    @Test func helpOverlay() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("?")
        #expect(app.state.helpVisible && app.state.context == .help)
        _ = try app.press("j")  // scrolls help, does not move the cursor
        #expect(app.wf.cursor == 0)
        _ = try app.press("?")
        #expect(!app.state.helpVisible)
    }

    @Test func resizeKeepsCursorVisible() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("G")
        app.resize(width: 80, height: 8)
        let page = app.state.waterfallBodyHeight
        #expect(app.wf.scroll <= app.wf.cursor && app.wf.cursor < app.wf.scroll + page)
    }

    @Test func initialTraceAndSpanSelection() throws {
        let (set, analysis) = try Fixture.demo()
        let target = analysis.trees[5]
        let node = target.nodes[3]
        let app = ExplorerApp(set: set, analysis: analysis, traceID: target.traceID, spanID: node.spanID)
        #expect(app.state.screen == .waterfall(5))
        #expect(app.wf.selectedNode == 3)
    }
}
