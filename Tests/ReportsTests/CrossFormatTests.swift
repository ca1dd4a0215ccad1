import TerminalUI
import Foundation
import Testing
import Reports
import TraceAnalysis
import TraceFormats
import TraceModel
import TestSupport

/// One trace (Fixtures/formats, written by TraceSynth's CheckoutTrace) in every format must give
/// one answer: the same spans, tree, self time and critical path.
@Suite struct CrossFormatTests {
    static let formats = ["checkout.otlp.json", "checkout.otlp.jsonl", "checkout.zipkin-v2.json",
                          "checkout.zipkin-v1.json", "checkout.jaeger.json"]

    /// What must agree across formats, per node in display order.
    struct Row: Equatable, CustomStringConvertible {
        var id: String, parent: String, service: String, name: String
        var start: Int64, duration: Int64, selfNs: Int64, criticalNs: Int64, error: Bool, kind: String
        var description: String { "\(id)<-\(parent) \(service)/\(name) \(start)+\(duration) self \(selfNs) crit \(criticalNs) err \(error) \(kind)" }
    }

    static func rows(_ file: String) throws -> (rows: [Row], path: [TraceTree.PathSegment], warnings: [String]) {
        let input = try TraceLoader.load(path: Repo.path("Fixtures/formats/\(file)"))
        let analysis = Analysis(input.set)
        #expect(analysis.trees.count == 1, "\(file)")
        let tree = try #require(analysis.trees.first)
        let set = input.set
        let rows = tree.nodes.map { n -> Row in
            let s = set.spans[n.spanIndex]
            // Zipkin has no INTERNAL kind: a local span is "no kind" there.
            let kind = s.kind == .internal ? "unspecified" : s.kind.label
            return Row(id: n.displayID, parent: n.parent >= 0 ? tree.nodes[Int(n.parent)].displayID : "-",
                       service: set.strings[s.service], name: set.strings[s.name], start: n.start, duration: n.duration,
                       selfNs: n.selfNs, criticalNs: n.criticalNs, error: s.isError, kind: kind)
        }
        return (rows, tree.criticalPath, input.warnings + analysis.warnings)
    }

    @Test(arguments: formats.dropFirst())
    func everyFormatGivesTheSameAnalysisAsOTLP(file: String) throws {
        let reference = try Self.rows("checkout.otlp.json")
        let other = try Self.rows(file)
        #expect(other.rows == reference.rows)
        #expect(other.path == reference.path)
        #expect(other.warnings.isEmpty, "\(other.warnings)")
    }

    @Test func theReferenceAnswer() throws {
        let r = try Self.rows("checkout.otlp.json")
        #expect(r.rows.count == 12)
        #expect(r.rows.map(\.id).prefix(3) == ["a000000000000001", "a000000000000002", "a000000000000003"])
        #expect(r.rows.filter(\.error).map(\.id) == ["a000000000000009"])
        // Root [0,180ms]: its only child 02 covers [5,175] → self 10 ms.
        #expect(r.rows[0].selfNs == 10_000_000)
        // The critical path tiles the root exactly.
        #expect(r.rows.reduce(0) { $0 + $1.criticalNs } == 180_000_000)
    }

    @Test(arguments: ["checkout-shared.zipkin-v2.json", "checkout-shared.zipkin-v1.json"])
    func sharedSpanFormsNestServerUnderClient(file: String) throws {
        let r = try Self.rows(file)
        // 8 ids; the server halves appear as children of their client halves with the same id.
        let ids = r.rows.map(\.id)
        #expect(Set(ids).count == 8)
        #expect(r.rows.contains { $0.id == $0.parent })
        #expect(r.rows.reduce(0) { $0 + $1.criticalNs } == 180_000_000)
    }
}
