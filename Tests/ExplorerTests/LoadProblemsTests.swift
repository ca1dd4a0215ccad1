import Foundation
import Testing
@testable import Explorer
import TerminalUI
import TraceAnalysis
import TraceModel

/// Load errors and warnings reach the explorer, also when it loads in the background.
@Suite struct LoadProblemsTests {
    @Test func aBackgroundLoadBringsItsProblems() throws {
        let (set, analysis) = try Fixture.checkout()
        var app = ExplorerApp(set: TraceSet(), analysis: Analysis(TraceSet()), width: 120, height: 10)
        let problems = LoadProblems(errors: ["a.json: byte 3: unexpected end"], warnings: ["b.json: x", "b.json: y"])
        let inbox = Inbox()
        app.load("loading", inbox: inbox) { (ExplorerData(set: set, analysis: analysis), problems, nil, nil) }
        let job = try #require(app.state.running)
        app.send(.jobDone(job.id, job.work(job.progress)))
        #expect(app.state.problems == problems)
        #expect(app.state.message == "error: a.json: byte 3: unexpected end")
        let text = app.render(width: 220, height: 10).text()
        #expect(text.contains("1 file failed · 2 warnings (! lists them)"))
        _ = app.handle(.character("!"))
        #expect(app.state.screen == .problems)
        _ = app.handle(.character("q"))
        #expect(app.state.screen != .problems)
    }

    @Test func withoutProblemsBangSaysSo() throws {
        var app = try Fixture.checkoutApp()
        _ = app.handle(.character("!"))
        #expect(app.state.screen != .problems)
        #expect(app.state.message == "every input loaded without errors or warnings")
    }
}
