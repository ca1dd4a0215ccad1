import ChildProcess
import Foundation
import Testing
import TestSupport

/// `analyze --trace` and `--format`: picking traces and exporting them as OTLP/JSON.
@Suite struct ExportCommandTests {
    static let checkoutID = "4bf92f3577b34da6a3ce929d0e0e4736"

    /// Two traces: the checkout fixture and a one-span trace after it.
    static func twoTraces() throws -> String {
        let checkout = String(decoding: try Data(contentsOf: Repo.root.appendingPathComponent("Fixtures/formats/checkout.otlp.jsonl")), as: UTF8.self)
        let other = #"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"solo"}}]},"scopeSpans":[{"spans":[{"traceId":"000000000000000000000000000000ff","spanId":"0000000000000001","name":"alone","startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000001000000"}]}]}]}"#
        return try CLI.temp("two.jsonl", checkout + other + "\n")
    }

    static func traceIDs(_ json: String) throws -> [String] {
        let doc = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return (doc?["traces"] as? [[String: Any]] ?? []).compactMap { $0["traceId"] as? String }
    }

    @Test func traceKeepsOnlyTheNamedTraces() throws {
        let file = try Self.twoTraces()
        let all = try CLI.run(["analyze", "--format", "json", file])
        #expect(try Self.traceIDs(all.stdout) == [Self.checkoutID, "00000000000000ff"])
        // Any case, leading zeros optional, as elsewhere.
        let one = try CLI.run(["analyze", "--json", "--trace", "FF", file])
        #expect(one.status == 0)
        #expect(try Self.traceIDs(one.stdout) == ["00000000000000ff"])
        let both = try CLI.run(["analyze", "--format", "json", "--trace", "000000ff", "--trace", Self.checkoutID.uppercased(), file])
        #expect(try Self.traceIDs(both.stdout) == [Self.checkoutID, "00000000000000ff"])
        let text = try CLI.run(["analyze", "--trace", "ff", file])
        #expect(text.stdout.contains("TRACE 00000000000000ff"))
        #expect(!text.stdout.contains(Self.checkoutID))
    }

    @Test func anUnknownTraceIsOneLineOnStderrAndTheOthersAreStillPrinted() throws {
        let file = try Self.twoTraces()
        let r = try CLI.run(["analyze", "--json", "--trace", "ff", "--trace", "abc123", file])
        #expect(r.status == 1)
        #expect(r.stderr == "spanscope: trace abc123 not found\n")
        #expect(try Self.traceIDs(r.stdout) == ["00000000000000ff"])
        let text = try CLI.run(["analyze", "--trace", "abc123", "--trace", Self.checkoutID, file])
        #expect(text.status == 1)
        #expect(text.stdout.contains("TRACE \(Self.checkoutID)"))
        let bad = try CLI.run(["analyze", "--trace", "not-an-id!", file])
        #expect(bad.status != 0 && bad.status != 1)
        #expect(bad.stderr.contains("not a trace id"))
    }

    @Test(arguments: ["checkout.otlp.json", "checkout.jaeger.json", "checkout.zipkin-v2.json"])
    func otlpExportAnalysesLikeTheOriginal(file: String) throws {
        let path = "Fixtures/formats/\(file)"
        let exported = try CLI.run(["analyze", "--format", "otlp", path])
        #expect(exported.status == 0)
        #expect(exported.stderr.isEmpty)
        #expect(exported.stdout.hasPrefix(#"{"resourceSpans":["#))
        let original = try CLI.run(["analyze", "--json", path])
        let again = try CLI.run(["analyze", "--json", "-"], stdin: Data(exported.stdout.utf8))
        #expect(again.status == 0)
        #expect(again.stdout == original.stdout)
    }

    @Test func otlpExportOfOneTrace() throws {
        let file = try Self.twoTraces()
        let r = try CLI.run(["analyze", "--format", "otlp", "--trace", "ff", file])
        #expect(r.status == 0)
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let rs = doc?["resourceSpans"] as? [[String: Any]]
        #expect(rs?.count == 1)
        let spans = (rs?.first?["scopeSpans"] as? [[String: Any]])?.first?["spans"] as? [[String: Any]]
        #expect(spans?.count == 1)
        #expect(spans?.first?["traceId"] as? String == "000000000000000000000000000000ff")
        #expect(spans?.first?["startTimeUnixNano"] as? String == "1700000000000000000")
    }

    @Test func jsonAndAnotherFormatConflict() throws {
        let r = try CLI.run(["analyze", "--json", "--format", "otlp", "Fixtures/formats/checkout.otlp.json"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--json"))
    }
}

@Suite struct ExportSharedSpanTests {
    /// Zipkin shared spans export as valid OTLP (unique ids), so there is nothing to warn about,
    /// and the export analyses as the original did.
    @Test func zipkinSharedSpansExportAsValidOTLP() throws {
        let r = try CLI.run(["analyze", "--format", "otlp", "Fixtures/formats/checkout-shared.zipkin-v2.json"])
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        let file = try CLI.temp("shared.otlp.json", r.stdout)
        let back = try CLI.run(["analyze", file])
        let original = try CLI.run(["analyze", "Fixtures/formats/checkout-shared.zipkin-v2.json"])
        // The same report, but for the server halves' span ids (derived, unique ones).
        let ids = /[0-9a-f]{16}/
        #expect(back.stdout.replacing(ids, with: "ID") == original.stdout.replacing(ids, with: "ID"))
        #expect(back.stdout != original.stdout)
    }
}

extension ExportCommandTests {
    /// `x` in a scripted `--render` run writes the file as the terminal app would, in the
    /// current directory, and the file loads back as the exported subtree.
    @Test func renderKeysCanExportASubtree() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("spanscope-x-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fixture = Repo.root.appendingPathComponent("Fixtures/formats/checkout.otlp.json").path
        let r = try ChildProcess.run(try CLI.binary(), [fixture, "--render", "120x20", "--keys", "jxo"], directory: dir.path)
        #expect(r.status == 0)
        let written = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(written.count == 1 && written[0].hasSuffix(".otlp.json"))
        #expect(r.stdoutText.contains("wrote " + (written.first ?? "?")))
        let back = try CLI.run(["analyze", "--json", dir.appendingPathComponent(written[0]).path])
        #expect(back.status == 0)
        let all = try CLI.run(["analyze", "--json", fixture])
        // The root's child and everything below it: one span fewer than the whole trace.
        let spans = { (s: String) -> Int in
            let doc = try? JSONSerialization.jsonObject(with: Data(s.utf8)) as? [String: Any]
            return (doc?["traces"] as? [[String: Any]])?.first?["spanCount"] as? Int ?? -1
        }
        #expect(spans(back.stdout) == spans(all.stdout) - 1)
    }
}
