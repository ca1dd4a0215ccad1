import Foundation
import Testing
@testable import Explorer
import Reports
import TerminalUI
import TraceFormats
import TraceModel
import TestSupport
import TraceAnalysis

enum Fixture {

    static func load(_ relative: String) throws -> (TraceSet, Analysis) {
        let set = try TraceLoader.load(path: Repo.path(relative)).set
        return (set, Analysis(set))
    }

    static func checkout() throws -> (TraceSet, Analysis) { try load("Fixtures/formats/checkout.otlp.json") }
    static func demo() throws -> (TraceSet, Analysis) { try load("Fixtures/demo/demo-1.otlp.jsonl") }

    /// The explorer on the checkout trace (opens in its waterfall), 120×24.
    static func checkoutApp() throws -> ExplorerApp {
        let (set, analysis) = try checkout()
        return ExplorerApp(set: set, analysis: analysis, width: 120, height: 24)
    }

    /// The explorer on the demo traces (opens in the trace list), 120×24.
    static func demoApp() throws -> ExplorerApp {
        let (set, analysis) = try demo()
        return ExplorerApp(set: set, analysis: analysis, width: 120, height: 24)
    }

    static func state(_ fixture: (TraceSet, Analysis), width: Int = 120, height: Int = 30) -> AppState {
        ExplorerApp(set: fixture.0, analysis: fixture.1, width: width, height: height).state
    }
}

/// Golden screens: text and roles in one file, re-recorded with RECORD_SNAPSHOTS=1.
enum Snapshot {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func document(text: String, roles: String) -> String {
        // Trailing spaces are made visible with a closing bar on every line.
        let t = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0 + "|" }
        let r = roles.split(separator: "\n", omittingEmptySubsequences: false).map { $0 + "|" }
        return "-- text --\n" + t.joined(separator: "\n") + "\n-- roles --\n" + r.joined(separator: "\n") + "\n"
    }

    static func expect(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = dir.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing snapshot \(name); run with RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(e, a).enumerated().first(where: { $0.element.0 != $0.element.1 })
            let where_ = first.map { "line \($0.offset + 1):\n  expected: \($0.element.0)\n  actual:   \($0.element.1)" } ?? "line count"
            Issue.record("snapshot \(name) differs at \(where_)", sourceLocation: sourceLocation)
        }
    }
}
