import Testing
import TestSupport
import TraceModel
@testable import TraceAnalysis

/// The worked examples of docs/end-to-end-path.md (times in µs), invariants on random trees, and
/// a deep asynchronous chain.
@Suite struct EndToEndPathTests {
    /// "name[start,end]" per section, latest first; waits as "wait>name[start,end]".
    static func text(_ set: TraceSet, _ tree: TraceTree, _ path: EndToEndPath) -> [String] {
        path.sections.map { s in
            let name = set.name(set.spans[tree.nodes[Int(s.node)].spanIndex])
            return (s.isWait ? "wait>" : "") + "\(name)[\(s.startNs / 1000),\(s.endNs / 1000)]"
        }
    }

    static func path(_ specs: [SpanSpec]) -> (text: [String], path: EndToEndPath, tree: TraceTree) {
        let (set, tree) = buildTree(specs)
        let p = EndToEndPath(tree)
        return (text(set, tree, p), p, tree)
    }

    @Test func example1ConsumerAfterTheProducerReturned() {
        let r = Self.path([
            span(1, 0, 40, name: "R", kind: .producer),
            span(2, parent: 1, 100, 300, name: "C", kind: .consumer),
            span(3, parent: 2, 150, 250, name: "D"),
        ])
        #expect(r.text == ["C[250,300]", "D[150,250]", "C[100,150]", "wait>C[40,100]", "R[0,40]"])
        #expect(r.path.afterRootNs == 260_000)
        #expect(r.path.waitNs == 60_000)
        #expect(r.path.crossesAsyncLink)
        // The critical path, correctly, stops at the producer's end.
        #expect(r.tree.criticalPath.count == 1)
    }

    @Test func example2WithoutAsynchronousWorkItIsTheCriticalPath() {
        let specs = [span(1, 0, 100, name: "R"), span(2, parent: 1, 10, 50, name: "A"), span(3, parent: 1, 60, 90, name: "B")]
        let r = Self.path(specs)
        #expect(r.text == ["R[90,100]", "B[60,90]", "R[50,60]", "A[10,50]", "R[0,10]"])
        #expect(r.path.afterRootNs == 0)
        #expect(!r.path.crossesAsyncLink)
        let (set, tree) = buildTree(specs)
        #expect(r.text == tree.pathText(set))
    }

    @Test func example3ConsumerStartingBeforeTheProducerEnds() {
        let r = Self.path([span(1, 0, 100, name: "R", kind: .producer), span(2, parent: 1, 50, 200, name: "C", kind: .consumer)])
        #expect(r.text == ["C[50,200]", "R[0,50]"])
        #expect(r.path.afterRootNs == 100_000)
    }

    @Test func example4TwoHops() {
        let r = Self.path([
            span(1, 0, 10, name: "R", kind: .producer),
            span(2, parent: 1, 20, 30, name: "C1", kind: .consumer),
            span(3, parent: 2, 22, 25, name: "P", kind: .producer),
            span(4, parent: 3, 40, 60, name: "C2", kind: .consumer),
        ])
        #expect(r.text == ["C2[40,60]", "wait>C2[25,40]", "P[22,25]", "C1[20,22]", "wait>C1[10,20]", "R[0,10]"])
        #expect(r.path.startNs == 0 && r.path.endNs == 60_000)
    }

    @Test func example5TheLatestFinishingConsumerDecides() {
        let r = Self.path([
            span(1, 0, 50, name: "R"),
            span(2, parent: 1, 60, 100, name: "C1", flags: .followsFromParent),
            span(3, parent: 1, 70, 120, name: "C2", flags: .followsFromParent),
        ])
        #expect(r.text == ["C2[70,120]", "wait>C2[50,70]", "R[0,50]"])
    }

    @Test func asynchronousChildrenDoNotBlockTheirParentOnTheWayBack() {
        // C ends inside R but R did not wait for it: R's own time is on the path, C is not.
        let r = Self.path([span(1, 0, 100, name: "R"), span(2, parent: 1, 20, 80, name: "C", flags: .followsFromParent)])
        #expect(r.text == ["R[0,100]"])
    }

    @Test func emptyTrace() {
        let p = EndToEndPath(TraceTree.build(TraceSet(), Trace(id: testTraceID, spanIndices: [])))
        #expect(p.sections.isEmpty && p.last == -1)
    }

    /// Whatever the tree: sections run backwards without overlap or holes from the trace's last
    /// end, and each span section lies within its span.
    @Test func randomTreesTileTheirPath() {
        var rng = SplitMix64(seed: 7)
        for _ in 0 ..< 300 {
            let (_, tree) = buildTree(randomSpecs(&rng, followsFromOneIn: 4))
            let p = EndToEndPath(tree)
            #expect(p.endNs == tree.nodes.map(\.end).max())
            for (a, b) in zip(p.sections, p.sections.dropFirst()) { #expect(b.endNs == a.startNs) }
            for s in p.sections where !s.isWait {
                let n = tree.nodes[Int(s.node)]
                #expect(s.startNs >= n.start && s.endNs <= n.end && s.startNs < s.endNs)
            }
            #expect(p.root >= 0 && tree.nodes[Int(p.root)].parent < 0)
        }
    }

    /// Each span a consumer of the previous one, started after it ended: one span section and
    /// one wait per hop, walked without recursion.
    @Test func deepAsynchronousChain() {
        let n = DeepChainTests.depth
        var set = TraceSet()
        let name = set.strings.intern("hop"), service = set.strings.intern("svc")
        for i in 0 ..< n {
            set.spans.append(Span(
                traceID: testTraceID, spanID: SpanID(UInt64(i + 1)), parentID: SpanID(UInt64(i)),
                start: Int64(2 * i), duration: 1, name: name, service: service, flags: .followsFromParent))
        }
        let tree = TraceTree.build(set, Trace(id: testTraceID, spanIndices: Array(0 ..< n)))
        let p = EndToEndPath(tree)
        #expect(p.sections.count == 2 * n - 1)
        #expect(p.last == Int32(n - 1) && p.root == 0)
        #expect(p.waitNs == Int64(n - 1))
        #expect(p.afterRootNs == Int64(2 * n - 2))
    }
}
