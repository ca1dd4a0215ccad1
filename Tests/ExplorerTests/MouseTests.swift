import Testing
@testable import Explorer
import Reports
import TerminalUI
import TraceModel

/// Clicks select (and on a selected trace-list row, open) the row under the pointer, and do
/// nothing outside the rows or under an overlay.
@Suite struct MouseTests {
    @Test func clickSelectsThenOpensATraceListRow() throws {
        var app = try Fixture.demoApp()
        let body = ScreenLayout.traceList(width: 120, height: 24).body
        #expect(app.state.screen == .traceList && app.state.list.rows.count > 3)
        _ = app.handle(.mouse(.click(x: 20, y: body.y + 2)))
        #expect(app.state.list.cursor == 2 && app.state.screen == .traceList)
        _ = app.handle(.mouse(.click(x: 60, y: body.y + 3)))
        #expect(app.state.list.cursor == 3 && app.state.screen == .traceList)
        let trace = app.state.list.rows[3]
        _ = app.handle(.mouse(.click(x: 5, y: body.y + 3)))  // the selected row: open it
        #expect(app.state.screen == .waterfall(trace))
    }

    @Test func clickOutsideTheRowsDoesNothing() throws {
        var app = try Fixture.demoApp()
        let l = ScreenLayout.traceList(width: 120, height: 24)
        _ = try app.press("j")
        for (x, y) in [(10, l.title.y), (10, l.header.y), (10, l.status.y), (-1, l.body.y), (120, l.body.y)] {
            _ = app.handle(.mouse(.click(x: x, y: y)))
            #expect(app.state.list.cursor == 1 && app.state.screen == .traceList)
        }
    }

    @Test func clickUsesTheScrollOffset() throws {
        var app = try Fixture.demoApp()
        let body = ScreenLayout.traceList(width: 120, height: 24).body
        _ = try app.press("G")
        let scroll = app.state.list.scroll
        #expect(scroll > 0)
        _ = app.handle(.mouse(.click(x: 10, y: body.y)))
        #expect(app.state.list.cursor == scroll && app.state.list.scroll == scroll)
    }

    @Test func clickSelectsAWaterfallRowWithoutOpeningAnything() throws {
        var app = try Fixture.checkoutApp()
        let body = ScreenLayout.waterfall(width: 120, height: 24, details: false).body
        _ = app.handle(.mouse(.click(x: 4, y: body.y + 5)))
        #expect(app.wf.cursor == 5 && !app.wf.detailsShown)
        _ = app.handle(.mouse(.click(x: 4, y: body.y + 5)))  // again: still just selected
        #expect(app.wf.cursor == 5 && !app.wf.detailsShown)
        _ = app.handle(.mouse(.click(x: 4, y: body.y - 1)))  // the header/ruler row
        #expect(app.wf.cursor == 5)
    }

    @Test func clickWithDetailsShownSelectsTreeRowsOrFocusesThePane() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("<Enter>")
        let l = ScreenLayout.waterfall(width: 120, height: 24, details: true)
        let pane = try #require(l.details)
        _ = app.handle(.mouse(.click(x: pane.x + 2, y: pane.y + 1)))
        #expect(app.wf.focus == .details && app.state.context == .details)
        _ = app.handle(.mouse(.click(x: l.body.x + 1, y: l.body.y + 2)))
        #expect(app.wf.cursor == 2 && app.wf.focus == .tree && app.wf.detailsShown)
    }

    @Test func clicksAreIgnoredUnderHelpAndThePrompt() throws {
        var app = try Fixture.demoApp()
        let body = ScreenLayout.traceList(width: 120, height: 24).body
        _ = try app.press("?")
        _ = app.handle(.mouse(.click(x: 10, y: body.y + 2)))
        #expect(app.state.list.cursor == 0 && app.state.helpVisible)
        _ = try app.press("?/")
        _ = app.handle(.mouse(.click(x: 10, y: body.y + 2)))
        #expect(app.state.list.cursor == 0 && app.state.searchActive)
    }
}
