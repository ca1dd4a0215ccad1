import ChildProcess
import Foundation
import Testing
import TestSupport

@Suite struct AnalyzeCommandTests {
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
        let good = String(decoding: try Data(contentsOf: Repo.root.appendingPathComponent("Fixtures/formats/checkout.otlp.jsonl")), as: UTF8.self)
        let cut = try CLI.temp("cut.jsonl", good + "{\"resourceSpans\":[{\"resource\":")
        let r = try CLI.run(["analyze", cut])
        #expect(r.status == 0)
        #expect(r.stderr.contains("1 broken JSON line skipped (line 6; first: byte "))
        #expect(r.stdout.contains("12 spans"))
    }

    @Test func standardInputAndJSON() throws {
        let data = try Data(contentsOf: Repo.root.appendingPathComponent("Fixtures/formats/checkout.jaeger.json"))
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

@Suite struct RenderCommandTests {
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
