import Foundation
import Testing
@testable import Reports
import TraceAnalysis
import TraceFormats
import TraceModel

@Suite struct AnalyzeReportTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func analysis(_ json: String) throws -> Analysis {
        Analysis(try TraceLoader.decode(FileBytes(json, name: "t.json")).set)
    }

    static func json(_ analysis: Analysis) throws -> [String: Any] {
        var out: [UInt8] = []
        AnalyzeJSON.write(analysis, to: &out)
        return try #require(try JSONSerialization.jsonObject(with: Data(out)) as? [String: Any])
    }

    /// Root R [1000 ns, 3500 ns] with child C [1500, 2000] and an orphan O whose parent is absent.
    static let small = """
    {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc \\"q\\""}}]},
     "scopeSpans":[{"spans":[
      {"traceId":"00000000000000000000000000000abc","spanId":"0000000000000001","name":"R","startTimeUnixNano":"1000","endTimeUnixNano":"3500"},
      {"traceId":"00000000000000000000000000000abc","spanId":"0000000000000002","parentSpanId":"0000000000000001","name":"C","startTimeUnixNano":"1500","endTimeUnixNano":"2000","status":{"code":2}},
      {"traceId":"00000000000000000000000000000abc","spanId":"0000000000000003","parentSpanId":"00000000000000ff","name":"O","startTimeUnixNano":"4000","endTimeUnixNano":"4001"}
     ]}]}]}
    """

    @Test func jsonHasTheDocumentedShapeAndExactMicroseconds() throws {
        let doc = try Self.json(try Self.analysis(Self.small))
        let traces = try #require(doc["traces"] as? [[String: Any]])
        #expect(traces.count == 1)
        let t = traces[0]
        #expect(t["traceId"] as? String == "0000000000000abc")
        #expect(t["spanCount"] as? Int == 3)
        #expect(t["rootSpanIds"] as? [String] == ["0000000000000001", "0000000000000003"])
        #expect((t["durationUs"] as? NSNumber)?.doubleValue == 3.001)
        let spans = try #require(t["spans"] as? [[String: Any]])
        #expect(spans.map { $0["spanId"] as? String } == ["0000000000000001", "0000000000000002", "0000000000000003"])
        #expect(spans[0]["parentSpanId"] is NSNull)
        #expect(spans[1]["parentSpanId"] as? String == "0000000000000001")
        // An orphan keeps its missing parent's id.
        #expect(spans[2]["parentSpanId"] as? String == "00000000000000ff")
        #expect(spans[2]["orphan"] as? Bool == true)
        #expect(spans[0]["service"] as? String == "svc \"q\"")
        #expect((spans[0]["startUs"] as? NSNumber)?.doubleValue == 1)
        #expect((spans[0]["durationUs"] as? NSNumber)?.doubleValue == 2.5)
        #expect((spans[0]["selfUs"] as? NSNumber)?.doubleValue == 2)
        #expect((spans[1]["criticalUs"] as? NSNumber)?.doubleValue == 0.5)
        #expect(spans[1]["error"] as? Bool == true)
        let path = try #require(t["criticalPath"] as? [[String: Any]])
        // Emission order: latest section first within the root, then the orphan root.
        #expect(path.map { $0["spanId"] as? String } == ["0000000000000001", "0000000000000002", "0000000000000001", "0000000000000003"])
        #expect((path[0]["startUs"] as? NSNumber)?.doubleValue == 2)
        #expect((path[0]["endUs"] as? NSNumber)?.doubleValue == 3.5)
    }

    @Test func jsonNumbersArePrintedFromIntegersNotDoubles() throws {
        var out: [UInt8] = []
        AnalyzeJSON.write(try Self.analysis(Self.small), to: &out)
        let text = String(decoding: out, as: UTF8.self)
        #expect(text.contains("\"durationUs\":3.001"))
        #expect(text.contains("\"startUs\":1.5,"))
        #expect(!text.contains("e+"))
        // Epoch microseconds keep all 19 digits of the nanosecond value.
        var epoch: [UInt8] = []
        AnalyzeJSON.micros(1_700_000_000_123_456_789, &epoch)
        #expect(String(decoding: epoch, as: UTF8.self) == "1700000000123456.789")
        var streamed: [UInt8] = []
        AnalyzeJSON.write(try Self.analysis(Self.small)) { streamed += $0 }
        #expect(streamed == out)
    }

    @Test func textReportFitsOneHundredColumnsAndShowsEverySection() throws {
        let input = try TraceLoader.load(path: Self.root.appendingPathComponent("Fixtures/formats/checkout.otlp.json").path)
        var text = ""
        AnalyzeText.write(Analysis(input.set), to: &text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { Sanitize.columns(String($0)) <= 100 })
        #expect(text.hasPrefix("1 trace, 12 spans\n"))
        #expect(text.contains("TRACE 4bf92f3577b34da6a3ce929d0e0e4736"))
        #expect(text.contains("  root      frontend: post /api/checkout"))
        #expect(text.contains("  services  4: frontend, checkout, inventory, payment"))
        #expect(text.contains("errors 1   missing parents 0   duration 180 ms"))
        for section in ["CRITICAL PATH", "TOP SELF TIME", "SERVICE "] { #expect(text.contains(section)) }
        // The critical path is indented by depth and in time order: the root comes first.
        let pathLines = lines.drop { !$0.contains("CRITICAL PATH") }.dropFirst().prefix { !$0.isEmpty }
        #expect(pathLines.first?.hasPrefix("  post /api/checkout  frontend") == true)
        #expect(pathLines.contains { $0.hasPrefix("          charge card  payment  (error)") })
    }

    @Test func controlCharactersNeverReachTheTextReport() throws {
        let json = Self.small.replacingOccurrences(of: "\"name\":\"C\"", with: "\"name\":\"C\\u001b]0;pwned\\u0007\\u009b2J\"")
        var text = ""
        AnalyzeText.write(try Self.analysis(json), to: &text)
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B })
        #expect(text.contains("C\\u{1b}]0;pwned\\u{7}\\u{9b}2J"))
    }
}

/// The text report reaches its sink in pieces as it is built, never whole.
@Suite struct StreamedReportTests {
    @Test func theTextReportIsWrittenInBoundedChunks() throws {
        var lines = ""
        for i in 0..<3000 {
            lines += #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"\#(String(format: "%032x", i + 1))","spanId":"\#(String(format: "%016x", i + 1))","#
                + #""name":"op","startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000001000000000"}]}]}]}"# + "\n"
        }
        let analysis = Analysis(try TraceLoader.decode(FileBytes(lines, name: "many.jsonl")).set)
        var chunks: [String] = []
        AnalyzeText.write(analysis) { chunks.append($0) }
        #expect(chunks.count > 5)
        #expect(chunks.first?.hasPrefix("3,000 traces, 3,000 spans\n") == true)
        // Each piece ends with a whole trace section, just past the chunk size.
        for chunk in chunks.dropLast() {
            #expect(chunk.utf8.count >= AnalyzeText.chunkBytes && chunk.utf8.count < AnalyzeText.chunkBytes + 4096)
            #expect(chunk.hasSuffix("\n"))
        }
        #expect(chunks.joined().components(separatedBy: "TRACE ").count == 3001)
    }
}
