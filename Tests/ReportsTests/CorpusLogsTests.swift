import TerminalUI
import Foundation
import Testing
import Reports
import TraceFormats
import TraceModel
import TestSupport
import TraceAnalysis

/// The corpus files with logs (../shared/corpus, MANIFEST.md), through the paths users take:
/// as trace files, and as `--logs` files. Skipped when the corpus is not beside the checkout.
@Suite(.enabled(if: Corpus.present)) struct CorpusLogsTests {

    @Test func collectorJSONLinesLinkTheirOwnLogs() throws {
        // MANIFEST: 13 records carry ids of spans in the file, 10 carry "traceId": "".
        let a = Analysis(try TraceLoader.load(path: Corpus.path("otlp-jsonl/otel-tui-test_data.jsonl")).set)
        #expect(a.set.logs.count == 23)
        #expect(a.logs.linkedCount == 13)
        #expect(a.logs.unlinked.count == 10)
        let spanLinked = a.logs.bySpan.values.reduce(0) { $0 + $1.count }
        #expect(spanLinked == 13)
    }

    @Test(arguments: ["otlp-logs/otel-proto-examples-logs.json", "otlp-logs/otel-proto-examples-events.json",
                      "jsonl-logs/otel-spec-logging-trace-context-json-example.jsonl", "otlp-jsonl/otel-tui-test_data.jsonl"])
    func everyLogsFileLoadsWithLogs(name: String) throws {
        let input = try LogLoader.load(path: Corpus.path(name))
        #expect(!input.set.logs.isEmpty)
        #expect(input.warnings.isEmpty)
    }

    @Test func specExampleAsLogsNextToNoTraceIsUnlinked() throws {
        let loaded = TraceLoader.load(paths: [AnalyzeLogsTests.fixture("Fixtures/formats/checkout.otlp.json")],
                                      logs: [Corpus.path("jsonl-logs/otel-spec-logging-trace-context-json-example.jsonl")])
        #expect(loaded.errors.isEmpty)
        let a = Analysis(loaded.set)
        #expect(a.logs.unlinked.count == 1)
        let r = a.set.logs[0]
        #expect(r.traceID.hex == "00102981abcd2901")
        #expect(r.body == .string("Incoming request"))
    }
}
