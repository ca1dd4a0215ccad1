import Testing
@testable import Explorer
import TerminalUI

@Suite struct RunLoopTests {
    @Test func headlessRunDrawsDiffsAndRestores() throws {
        let (set, analysis) = try Fixture.checkout()
        var app = ExplorerApp(set: set, analysis: analysis)
        let backend = HeadlessBackend(width: 100, height: 20)
        try backend.enqueue("jjy")
        var copied: [String] = []
        app.run(backend: backend, clipboard: { copied.append($0) }, idleLimit: 2)
        #expect(backend.restoreCount == 1 && !backend.isSetUp)
        #expect(copied == ["a000000000000003"])
        #expect(backend.drawCount == 4)
        #expect(backend.screen == app.render(width: 100, height: 20))
        #expect(backend.lastChangeCount < 100 * 20 / 4)  // a move repaints a few rows, not the screen
    }

    @Test func quitEndsTheLoopAndResizeRedraws() throws {
        let (set, analysis) = try Fixture.demo()
        var app = ExplorerApp(set: set, analysis: analysis)
        let backend = HeadlessBackend(width: 100, height: 20)
        backend.resize(width: 90, height: 15)
        try backend.enqueue("jq")
        app.run(backend: backend)
        #expect(backend.restoreCount == 1)
        #expect(app.state.width == 90 && app.state.height == 15)
        #expect(backend.screen.width == 90 && backend.screen.lines().count == 15)
    }
}
