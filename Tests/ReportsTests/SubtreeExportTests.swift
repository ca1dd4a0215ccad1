import TerminalUI
import Foundation
import Testing
import Reports
import TraceAnalysis
import TraceFormats
import TraceModel
import Export
import TestSupport

/// The explorer's `x` export: one span's subtree as OTLP/JSON (reads back as exactly those
/// spans) or as an indented text tree.
@Suite struct SubtreeExportTests {
    static func checkout() throws -> (TraceSet, TraceTree) {
        let path = Repo.path("Fixtures/formats/checkout.otlp.json")
        let set = try TraceLoader.load(path: path).set
        return (set, Analysis(set).trees[0])
    }

    @Test func otlpSubtreeReadsBackAsItsSpans() throws {
        let (set, tree) = try Self.checkout()
        // "checkout: reserve stock" and its two descendants.
        let root = try #require(tree.nodes.firstIndex { set.name(set.spans[$0.spanIndex]) == "reserve stock" })
        var out: [UInt8] = []
        ExportOTLP.write(set: set, tree: tree, root: root, to: &out)
        let back = try TraceLoader.decode(FileBytes(out, name: "subtree.json")).set
        let want = tree.nodes[root..<Int(tree.nodes[root].subtreeEnd)].map { set.spans[$0.spanIndex].spanID.hex }
        #expect(want.count == 3)
        #expect(Set(back.spans.map(\.spanID.hex)) == Set(want))
        // The subtree's root keeps its parent id: a reader sees it as an orphan of the trace.
        #expect(back.spans.first { $0.spanID.hex == want[0] }?.parentID == set.spans[tree.nodes[root].spanIndex].parentID)
    }

    @Test func textTreeIndentsFromTheRoot() throws {
        let (set, tree) = try Self.checkout()
        let root = try #require(tree.nodes.firstIndex { set.name(set.spans[$0.spanIndex]) == "reserve stock" })
        let lines = TextTree.text(set: set, tree: tree, root: root).split(separator: "\n")
        #expect(lines == [
            "checkout: reserve stock  40.0 ms (self 2.00 ms)",
            "  inventory: reserve stock  38.0 ms (self 8.00 ms)",
            "    inventory: check warehouse  30.0 ms (self 30.0 ms)",
        ])
        let whole = TextTree.text(set: set, tree: tree).split(separator: "\n")
        #expect(whole.count == 12 && whole[0] == "frontend: post /api/checkout  180 ms (self 10.0 ms)")
        #expect(whole.contains { $0.hasSuffix("[error]") })
    }

    @Test func textTreeSanitisesControlCharacters() {
        var set = TraceSet()
        set.spans.append(Span(traceID: TraceID(high: 0, low: 1), spanID: SpanID(1), start: 0, duration: 5,
                              name: set.strings.intern("evil\u{1b}[2Jname"), service: set.strings.intern("svc\n")))
        let tree = TraceTree.build(set, Trace(id: TraceID(high: 0, low: 1), spanIndices: [0]))
        let text = TextTree.text(set: set, tree: tree)
        #expect(!text.dropLast().contains { $0.asciiValue.map { $0 < 0x20 } ?? false })
    }
}
