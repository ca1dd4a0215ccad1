import TerminalUI
import Foundation
import Testing
import Reports
import TraceAnalysis
import TraceFormats
import TraceModel
import TestSupport

/// The bundled demo data set (`spanscope demo`) loads as one set from its two files and holds
/// what the README promises: a few hundred traces with errors, fan-out, slow spans and orphans.
@Suite struct DemoDataTests {
    static func path(_ name: String) -> String { Repo.path("Fixtures/demo/\(name)") }

    @Test func bothHalvesLoadAsOneSetOfThreeHundredTraces() throws {
        let loaded = TraceLoader.load(paths: [Self.path("demo-1.otlp.jsonl"), Self.path("demo-2.otlp.jsonl")])
        #expect(loaded.errors.isEmpty)
        let analysis = Analysis(loaded.set)
        #expect(analysis.trees.count == 300)
        #expect(loaded.set.logs.count > 0)
        let services = Set(loaded.set.spans.map { loaded.set.service($0) })
        #expect(services.isSuperset(of: ["gateway", "auth", "cart", "checkout", "payment", "inventory"]))
        let withErrors = analysis.trees.filter { t in t.nodes.contains { loaded.set.spans[$0.spanIndex].isError } }
        #expect(withErrors.count >= 20)
        #expect(analysis.trees.contains { $0.missingParentCount > 0 })
        #expect(analysis.trees.contains { t in (0..<t.nodes.count).contains { t.children(of: $0).count >= 8 } })
        #expect(analysis.trees.contains { $0.nodes.contains { n in n.duration >= 400_000_000 } })
        // Every root's critical path tiles it exactly.
        for t in analysis.trees {
            for r in t.roots {
                let root = t.nodes[Int(r)]
                let sum = t.criticalPath.filter { seg in
                    var n = Int(seg.node)
                    while t.nodes[n].parent >= 0 { n = Int(t.nodes[n].parent) }
                    return n == Int(r)
                }.reduce(Int64(0)) { $0 + $1.durationNs }
                #expect(sum == root.duration)
            }
        }
    }

    @Test(arguments: ["demo.zipkin-v2.json", "demo.jaeger.json"])
    func otherFormatsOfTheFirstFiftyTraces(file: String) throws {
        let input = try TraceLoader.load(path: Self.path(file))
        #expect(Set(input.set.spans.map(\.traceID)).count == 50)
    }
}
