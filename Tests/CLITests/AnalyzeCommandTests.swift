import ChildProcess
import Foundation
import Testing

/// Runs the built `spanscope` binary as a user would (skipped when it has not been built, e.g.
/// when only one test target was compiled).
enum CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let binary: String? = {
        for dir in [".build/debug", ".build/release"] {
            let path = root.appendingPathComponent(dir).appendingPathComponent("spanscope").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }()
    static var available: Bool { binary != nil }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ args: [String], stdin: Data? = nil) throws -> Result {
        // Every run gets stdin (empty when none is given) so nothing waits on the test's own.
        let r = try ChildProcess.run(binary!, args, stdin: stdin.map { [UInt8]($0) } ?? [],
                                     directory: root.path, timeout: 300)
        if r.timedOut { Issue.record("spanscope \(args) did not finish within 300 s") }
        return Result(status: r.status, stdout: r.stdoutText, stderr: r.stderrText)
    }

    /// One directory per test process for `temp` files, removed when the process exits.
    static let tempRoot: URL = {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("spanscope-cli-\(getpid())")
        atexit { try? FileManager.default.removeItem(at: CLI.tempRoot) }
        return root
    }()

    static func temp(_ name: String, _ contents: String) throws -> String {
        let dir = tempRoot.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}

@Suite(.enabled(if: CLI.available)) struct AnalyzeCommandTests {
    @Test func aBadFileIsOneLineOnStderrAndTheOthersAreStillAnalysed() throws {
        let bad = try CLI.temp("bad.json", "{\"resourceSpans\": [")
        let r = try CLI.run(["analyze", bad, "Fixtures/formats/checkout.zipkin-v2.json"])
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("spanscope: \(bad): byte 19 (line 1, column 20): ") == true)
        #expect(r.stdout.contains("TRACE 4bf92f3577b34da6a3ce929d0e0e4736"))
    }

    @Test func partialProblemsWarnAndExitZero() throws {
        let good = String(decoding: try Data(contentsOf: CLI.root.appendingPathComponent("Fixtures/formats/checkout.otlp.jsonl")), as: UTF8.self)
        let cut = try CLI.temp("cut.jsonl", good + "{\"resourceSpans\":[{\"resource\":")
        let r = try CLI.run(["analyze", cut])
        #expect(r.status == 0)
        #expect(r.stderr.contains("1 broken JSON line skipped (line 6; first: byte "))
        #expect(r.stdout.contains("12 spans"))
    }

    @Test func standardInputAndJSON() throws {
        let data = try Data(contentsOf: CLI.root.appendingPathComponent("Fixtures/formats/checkout.jaeger.json"))
        let r = try CLI.run(["analyze", "--json", "-"], stdin: data)
        #expect(r.status == 0)
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let traces = doc?["traces"] as? [[String: Any]]
        #expect(traces?.first?["spanCount"] as? Int == 12)
        #expect((traces?.first?["durationUs"] as? NSNumber)?.intValue == 180_000)
    }

    @Test func demoRunsOnTheBundledData() throws {
        let r = try CLI.run(["demo"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("300 traces, 5,299 spans"))
    }
}

@Suite(.enabled(if: CLI.available)) struct RenderCommandTests {
    @Test func renderPrintsExactlyTheScreenAndRolesAfterKeys() throws {
        let r = try CLI.run(["Fixtures/formats/checkout.otlp.json", "--render", "100x20", "--keys", "jj<Enter>", "--roles"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 40)  // 20 screen rows, then 20 rows of role codes
        #expect(lines.allSatisfy { $0.count == 100 })
        #expect(lines[0].contains("trace 4bf92f3577b34da6a3ce929d0e0e4736"))
        #expect(r.stdout.contains("Span details"))
        #expect(lines[20].allSatisfy { !$0.isWhitespace })
    }

    @Test func deepLinksSelectTheTraceAndSpan() throws {
        let list = try CLI.run(["open", "Fixtures/formats/checkout.otlp.json", "Fixtures/demo/demo-1.otlp.jsonl",
                                "--trace", "4bf92f3577b34da6a3ce929d0e0e4736", "--render", "120x30"])
        #expect(list.status == 0)
        #expect(list.stdout.hasPrefix(" trace 4bf92f3577b34da6a3ce929d0e0e4736"))
        let one = try CLI.run(["Fixtures/formats/checkout.jaeger.json", "--span", "a000000000000009",
                               "--render", "120x30", "--keys", "<Enter>"])
        #expect(one.stdout.contains("charge card"))
        #expect(one.stdout.contains("a000000000000009"))
        #expect(one.stdout.contains("card declined"))
    }

    @Test func badKeysAndSizesAreUsageErrors() throws {
        #expect(try CLI.run(["Fixtures/formats/checkout.otlp.json", "--render", "0x5"]).status == 2)
        let bad = try CLI.run(["Fixtures/formats/checkout.otlp.json", "--render", "80x20", "--keys", "<Foo>"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--keys"))
    }
}
