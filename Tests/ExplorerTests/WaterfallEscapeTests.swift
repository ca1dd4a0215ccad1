import Testing
@testable import Explorer
import Reports
import TerminalUI
import TraceModel

/// `<Esc>` in the waterfall closes the innermost thing (the details pane, its focus); `q` goes back.
@Suite struct WaterfallEscapeTests {
    @Test func escapeClosesTheDetailsPaneOnly() throws {
        var app = try Fixture.checkoutApp()
        let screen = app.state.screen
        _ = try app.press("jj<Enter>")
        #expect(app.wf.detailsShown)
        #expect(try app.press("<Esc>").isEmpty)
        #expect(!app.wf.detailsShown && app.wf.cursor == 2 && app.state.screen == screen)
        #expect(try app.press("<Esc>").isEmpty)  // nothing to close: nothing happens
        #expect(!app.wf.detailsShown && app.wf.cursor == 2 && app.state.screen == screen)
    }

    @Test func escapeFromTheFocusedPaneReturnsFocusToTheTree() throws {
        var app = try Fixture.checkoutApp()
        _ = try app.press("<Enter><Tab>")
        #expect(app.state.context == .details)
        _ = try app.press("<Esc>")
        #expect(!app.wf.detailsShown && app.wf.focus == .tree && app.state.context == .waterfall)
    }

    @Test func qStillGoesBackFromTheWaterfall() throws {
        var app = try Fixture.demoApp()
        _ = try app.press("<Enter>")
        #expect(app.state.screen != .traceList)
        _ = try app.press("<Enter><Esc>q")
        #expect(app.state.screen == .traceList)
    }
}
