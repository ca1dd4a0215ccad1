import TraceAnalysis
import Foundation
import Testing
@testable import Explorer
import Reports
import TerminalUI
import TraceFormats
import TraceModel

/// `a` highlights the end-to-end path; a trace with work after its root says so when it opens.
/// Golden screens: `SnapshotTests` (messaging-*).
@Suite struct EndToEndExplorerTests {
    /// A request that publishes a message and returns; a worker consumes it 40 ms later and
    /// writes to the database; an audit consumer finishes earlier (off the path).
    static func messaging() throws -> (TraceSet, Analysis) {
        func span(_ id: Int, _ parent: Int?, _ name: String, _ service: String, _ startMs: Int, _ endMs: Int, _ kind: String? = nil) -> String {
            var s = "{\"traceId\":\"00000000000000e2\",\"id\":\"\(String(format: "%016x", id))\",\"name\":\"\(name)\""
            s += ",\"timestamp\":\(1_700_000_000_000_000 + startMs * 1000),\"duration\":\((endMs - startMs) * 1000)"
            s += ",\"localEndpoint\":{\"serviceName\":\"\(service)\"}"
            if let parent { s += ",\"parentId\":\"\(String(format: "%016x", parent))\"" }
            if let kind { s += ",\"kind\":\"\(kind)\"" }
            return s + "}"
        }
        let json = "[" + [
            span(1, nil, "post /order", "gateway", 0, 20, "SERVER"),
            span(2, 1, "publish order", "gateway", 15, 18, "PRODUCER"),
            span(3, 2, "consume order", "worker", 60, 120, "CONSUMER"),
            span(4, 3, "write db", "worker", 70, 110),
            span(5, 2, "audit order", "audit", 40, 50, "CONSUMER"),
        ].joined(separator: ",\n") + "]"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("spanscope-e2e-\(getpid()).json")
        try json.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let set = try TraceLoader.load(path: url.path).set
        return (set, Analysis(set))
    }

    @Test func openingSaysHowMuchRanAfterTheRootAndTheKeyToggles() throws {
        let (set, analysis) = try Self.messaging()
        var app = ExplorerApp(set: set, analysis: analysis, width: 100, height: 10)
        #expect(app.state.message == "100 ms of asynchronous work after the root returned — end-to-end path: 120 ms")
        _ = app.handle(.character("a"))
        #expect(app.state.message == "end-to-end path on: 120 ms, 4 spans, 1 wait (42.0 ms) · 100 ms after the root returned")
        #expect(app.render(width: 100, height: 10).roles().contains("a"))
        _ = app.handle(.character("a"))
        #expect(app.state.message == "end-to-end path off")
        #expect(!app.render(width: 100, height: 10).roles().contains("a"))
    }

    @Test func theHighlightFollowsFocusAndSkewToggles() throws {
        let (set, analysis) = try Self.messaging()
        var app = ExplorerApp(set: set, analysis: analysis, width: 100, height: 10)
        for key in try KeyNotation.parse("ajjjf") { _ = app.handle(key) }
        // Focused on the consumer: its own path (its span and the database write), still shown.
        let roles = app.render(width: 100, height: 10).roles().split(separator: "\n")
        #expect(roles[2].contains("a") && roles[3].contains("a"))
        #expect(app.state.waterfall?.endToEnd?.highlight(for: app.state.waterfall!.index).path.sections.count == 3)
    }

    @Test func anOrdinaryTraceOpensWithoutTheMessage() throws {
        let app = ExplorerApp(set: try Fixture.checkout().0, analysis: try Fixture.checkout().1, width: 100, height: 10)
        #expect(!app.state.message.contains("asynchronous"))
    }
}
