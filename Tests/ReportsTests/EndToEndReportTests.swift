import TerminalUI
import Foundation
import Testing
import Reports
import TraceAnalysis
import TraceFormats
import TestSupport
import TraceModel

/// The end-to-end path on the messaging traces of the corpus and in the reports.
@Suite(.enabled(if: Corpus.present)) struct EndToEndReportTests {
    static let kafka = "backend-responses/zipkin/openzipkin+zipkin/zipkin-lens/testdata/messaging-kafka.json"

    static func analysis(_ name: String) throws -> Analysis {
        Analysis(try TraceLoader.load(path: Corpus.path(name)).set)
    }

    @Test func kafkaTraceIsExplainedToItsEnd() throws {
        let a = try Self.analysis(Self.kafka)
        let tree = a.trees[0]
        // The critical path stops at the root's end: one 26 µs section.
        #expect(tree.criticalPath.count == 1 && tree.criticalPath[0].durationNs == 26_000)
        let path = EndToEndPath(tree)
        #expect(path.endNs == tree.endNs)
        #expect(path.afterRootNs > 600_000_000)
        let waits = path.sections.filter(\.isWait).count
        #expect(waits == 3)
        #expect(path.crossesAsyncLink)
        for (x, y) in zip(path.sections, path.sections.dropFirst()) { #expect(y.endNs == x.startNs) }
        var text = ""
        AnalyzeText.write(a, to: &text)
        #expect(text.contains("of asynchronous work after the root returned — end-to-end path: 649 ms"))
        #expect(text.contains("END-TO-END PATH  6 spans, 3 waits"))
        #expect(text.split(separator: "\n").allSatisfy { Sanitize.columns(String($0)) <= AnalyzeText.width })
    }

    @Test(arguments: ["zipkin-v2/zipkin-lens-messaging.json", "zipkin-v2/zipkin-lens-messaging2.json",
                      "jaeger/jaeger-uimodel-ui_01.json", "jaeger/jaeger-model-protojson-domain_01.json",
                      "jaeger/jaeger-ui-child-longer-than-parent.json", "zipkin-v2/zipkin-lens-skew.json"])
    func messagingAndFollowsFromTracesEndAtTheirLastSpan(name: String) throws {
        for tree in try Self.analysis(name).trees {
            let path = EndToEndPath(tree)
            #expect(path.endNs == tree.endNs)
            #expect(path.endNs - path.startNs <= tree.durationNs)
            for (x, y) in zip(path.sections, path.sections.dropFirst()) { #expect(y.endNs == x.startNs) }
        }
    }

    @Test func producerConsumerTraceInJSON() throws {
        let a = try Self.analysis("zipkin-v2/zipkin-lens-messaging.json")
        var out: [UInt8] = []
        AnalyzeJSON.write(a, to: &out)
        let doc = try JSONSerialization.jsonObject(with: Data(out)) as? [String: Any]
        let trace = (doc?["traces"] as? [[String: Any]])?.first
        let e2e = trace?["endToEndPath"] as? [String: Any]
        #expect((e2e?["afterRootUs"] as? NSNumber)?.intValue == 518)
        #expect(e2e?["crossesAsyncLink"] as? Bool == true)
        let sections = e2e?["sections"] as? [[String: Any]] ?? []
        #expect(sections.filter { $0["wait"] as? Bool == true }.count == 2)
        #expect(sections.first?["spanId"] as? String == "4ad2db84ac76def7")
    }

    @Test func synchronousTracesShowNoSecondPath() throws {
        let a = Analysis(try TraceLoader.load(path: AnalyzeLogsTests.fixture("Fixtures/formats/checkout.otlp.json")).set)
        var text = ""
        AnalyzeText.write(a, to: &text)
        #expect(!text.contains("END-TO-END"))
    }
}
