import TerminalUI
import Foundation
import Testing
@testable import Reports
import TraceFormats
import TraceModel
import TestSupport
import TraceAnalysis

/// The checkout trace with the hand-written logs of Fixtures/logs (see Fixtures/README.md):
/// 10 linked records (2 errors), 3 unlinked.
@Suite struct AnalyzeLogsTests {
    static func fixture(_ path: String) -> String { Repo.path(path) }

    static func analysis(trace: String = "Fixtures/formats/checkout.otlp.json") throws -> Analysis {
        let loaded = TraceLoader.load(paths: [fixture(trace)],
                                      logs: [fixture("Fixtures/logs/checkout.app.jsonl"), fixture("Fixtures/logs/checkout.app.logfmt")])
        #expect(loaded.errors.isEmpty)
        #expect(loaded.warnings.isEmpty)
        return Analysis(loaded.set)
    }

    @Test func everyConventionOfTheFixturesLinksToItsSpan() throws {
        let a = try Self.analysis()
        let trace = try #require(TraceID("4bf92f3577b34da6a3ce929d0e0e4736"))
        #expect(a.logs.count(trace: trace) == 10)
        #expect(a.logs.errorCount(trace: trace) == 2)
        #expect(a.logs.unlinked.count == 3)
        for span in ["a000000000000001", "a000000000000004", "a000000000000006", "a000000000000008", "a00000000000000b",
                     "a000000000000003", "a000000000000007", "a00000000000000c"] {
            #expect(a.logs.count(trace: trace, span: SpanID(span)!) == 1, "\(span)")
        }
        // The JSON line (Datadog decimal ids) and the logfmt line, in time order.
        let charge = a.logs.logs(trace: trace, span: SpanID("a000000000000009")!).map { a.set.logs[Int($0)].body.text }
        #expect(charge == ["card declined by issuer", "payment failed: \"card declined\""])
    }

    @Test func textReportShowsLogCountsPerTraceAndTheUnlinked() throws {
        var out = ""
        AnalyzeText.write(try Self.analysis(), to: &out)
        #expect(out.hasPrefix("1 trace, 12 spans\n13 log records: 10 linked, 3 unlinked (no trace id, or a trace that is not loaded)\n"))
        #expect(out.contains("\n  logs      10   error logs 2\n"))
    }

    @Test func textReportWithoutLogsIsUnchanged() throws {
        var out = ""
        AnalyzeText.write(Analysis(try TraceLoader.load(path: Self.fixture("Fixtures/formats/checkout.zipkin-v2.json")).set), to: &out)
        #expect(!out.contains("log"))
    }

    @Test func jsonHasLogCountsPerTraceAndSpan() throws {
        let doc = try AnalyzeReportTests.json(try Self.analysis())
        let t = try #require((doc["traces"] as? [[String: Any]])?.first)
        #expect(t["logCount"] as? Int == 10)
        #expect(t["errorLogCount"] as? Int == 2)
        let spans = try #require(t["spans"] as? [[String: Any]])
        let counts = Dictionary(uniqueKeysWithValues: spans.map { ($0["spanId"] as! String, $0["logCount"] as! Int) })
        #expect(counts["a000000000000009"] == 2)
        // Span 09 has an `exception` event: events are not counted.
        #expect(counts["a000000000000002"] == 0)
        #expect(counts.values.reduce(0, +) == 10)
        #expect(doc["logCount"] as? Int == 13)
        #expect(doc["unlinkedLogCount"] as? Int == 3)
    }

    @Test func logsInsideTheTraceFileCountToo() throws {
        // checkout.otlp.jsonl carries 3 OTLP log records (2 linked, 1 unlinked).
        let a = try Self.analysis(trace: "Fixtures/formats/checkout.otlp.jsonl")
        let trace = try #require(TraceID("4bf92f3577b34da6a3ce929d0e0e4736"))
        #expect(a.logs.count(trace: trace) == 12)
        #expect(a.logs.unlinked.count == 4)
    }
}
