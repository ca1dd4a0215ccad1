import Foundation
import Testing
import TestSupport

/// `--logs` on `analyze` and on the explorer, with the fixtures of Fixtures/logs.
@Suite struct LogsCommandTests {
    static let trace = "Fixtures/formats/checkout.otlp.json"
    static let summary = "13 log records: 10 linked, 3 unlinked"

    @Test func repeatedLogsOptions() throws {
        let r = try CLI.run(["analyze", Self.trace, "--logs", "Fixtures/logs/checkout.app.jsonl", "--logs", "Fixtures/logs/checkout.app.logfmt"])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty)
        #expect(r.stdout.contains(Self.summary))
        #expect(r.stdout.contains("  logs      10   error logs 2"))
    }

    @Test func onlyTheWantedTraceKeepsItsLogsIncluding64BitIds() throws {
        let r = try CLI.run(["analyze", Self.trace, "--trace", "4bf92f3577b34da6a3ce929d0e0e4736", "--logs", "Fixtures/logs/checkout.app.*"])
        #expect(r.status == 0)
        // The two Datadog lines carry only the low 64 bits; the unlinked ones are not this trace's.
        #expect(r.stdout.contains("10 log records: 10 linked, 0 unlinked"))
        #expect(r.stdout.contains("  logs      10   error logs 2"))
    }

    @Test func aQuotedGlobIsExpandedByUs() throws {
        let r = try CLI.run(["analyze", "--json", Self.trace, "--logs", "Fixtures/logs/checkout.app.*"])
        #expect(r.status == 0)
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(doc?["logCount"] as? Int == 13)
        #expect(doc?["unlinkedLogCount"] as? Int == 3)
        let t = (doc?["traces"] as? [[String: Any]])?.first
        #expect(t?["logCount"] as? Int == 10)
    }

    @Test func logsFromStandardInput() throws {
        let data = try Data(contentsOf: Repo.root.appendingPathComponent("Fixtures/logs/checkout.app.logfmt"))
        let r = try CLI.run(["analyze", Self.trace, "--logs", "-"], stdin: data)
        #expect(r.status == 0)
        #expect(r.stdout.contains("5 log records: 4 linked, 1 unlinked"))
    }

    @Test func aMissingOrUnmatchedLogsFileIsOneLineAndTheRestStillLoads() throws {
        let r = try CLI.run(["analyze", Self.trace, "--logs", "Fixtures/logs/nope.log", "--logs", "Fixtures/logs/*.none",
                             "--logs", "Fixtures/logs/checkout.app.jsonl"])
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("spanscope: Fixtures/logs/nope.log: cannot open") == true)
        #expect(lines.last == "spanscope: Fixtures/logs/*.none: no file matches this pattern")
        #expect(r.stdout.contains("8 log records: 6 linked, 2 unlinked"))
    }

    @Test func badLogLinesAreOneWarningAndExitZero() throws {
        let good = try String(contentsOf: Repo.root.appendingPathComponent("Fixtures/logs/checkout.app.jsonl"), encoding: .utf8)
        let path = try CLI.temp("app.jsonl", "{\"msg\":\n" + good + "garbage\n")
        let r = try CLI.run(["analyze", Self.trace, "--logs", path])
        #expect(r.status == 0)
        #expect(r.stderr == "spanscope: warning: \(path): 2 bad log lines skipped (lines 1, 10; first: unexpected end of input, expected a string)\n"
                || r.stderr.hasPrefix("spanscope: warning: \(path): 2 bad log lines skipped (lines 1, 10; first: "))
        #expect(r.stdout.contains("8 log records"))
    }

    @Test func theExplorerTakesLogsToo() throws {
        let r = try CLI.run(["open", Self.trace, "--logs", "Fixtures/logs/checkout.app.jsonl", "--render", "100x20"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("trace 4bf92f3577b34da6a3ce929d0e0e4736"))
        let bad = try CLI.run([Self.trace, "--logs", "Fixtures/logs/missing.jsonl", "--render", "100x20"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("missing.jsonl"))
    }
}
