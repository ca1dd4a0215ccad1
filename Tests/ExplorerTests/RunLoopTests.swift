import Foundation
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

    /// A terminal that hung up ends the loop (no idle limit here: without the check it would
    /// wait for keys forever), and the terminal is still restored.
    @Test(.timeLimit(.minutes(1))) func aHungUpTerminalEndsTheLoop() throws {
        let (set, analysis) = try Fixture.checkout()
        var app = ExplorerApp(set: set, analysis: analysis)
        let backend = HeadlessBackend(width: 100, height: 20)
        try backend.enqueue("jj")
        backend.hangUpWhenEmpty = true
        app.run(backend: backend)
        #expect(backend.restoreCount == 1 && app.state.waterfall?.cursor == 2)
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

    @Test func exportEffectsAreWrittenAndFailuresReported() throws {
        let (set, analysis) = try Fixture.checkout()
        var app = ExplorerApp(set: set, analysis: analysis)
        let backend = HeadlessBackend(width: 100, height: 20)
        try backend.enqueue("jjjjxo")
        var written: [(String, Int)] = []
        app.run(backend: backend, writeFile: { written.append(($0, $1.count)); return "disk full" }, idleLimit: 2)
        #expect(written.count == 1 && written[0].0.hasSuffix(".otlp.json") && written[0].1 > 100)
        #expect(app.state.message.hasPrefix("could not write spanscope-") && app.state.message.hasSuffix(": disk full"))
    }

    @Test func writeFileCreatesTheFileOrSaysWhy() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spanscope-wf-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.txt").path
        #expect(ExplorerApp.writeFile(path, Array("hello\n".utf8)) == nil)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "hello\n")
        #expect(ExplorerApp.writeFile(dir.appendingPathComponent("no/such/dir/x").path, [1]) != nil)
    }
}
