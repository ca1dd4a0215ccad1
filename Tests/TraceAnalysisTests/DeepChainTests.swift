import Testing
import TraceModel
@testable import TraceAnalysis

/// A 1,000,000-deep chain (each span the child of the previous, nested in time) must build and
/// analyse without recursion. Span i lasts [i, 2N − i] ns.
///
/// Unoptimised (debug) builds run 200,000 levels to keep `swift test` quick: still far deeper than
/// any recursion could go on a test thread's stack. Optimised test builds run the full million.
@Suite struct DeepChainTests {
    #if DEBUG
    static let depth = 200_000
    #else
    static let depth = 1_000_000
    #endif

    static func chain(_ n: Int) -> (TraceSet, Trace) {
        var set = TraceSet()
        let name = set.strings.intern("hop"), service = set.strings.intern("svc")
        set.spans.reserveCapacity(n)
        for i in 0 ..< n {
            set.spans.append(Span(
                traceID: testTraceID, spanID: SpanID(UInt64(i + 1)), parentID: SpanID(UInt64(i)),
                start: Int64(i), duration: Int64(2 * (n - i)), name: name, service: service))
        }
        return (set, Trace(id: testTraceID, spanIndices: Array(0 ..< n)))
    }

    @Test func millionDeepChain() {
        let n = Self.depth
        let (set, trace) = Self.chain(n)
        let tree = TraceTree.build(set, trace)
        #expect(tree.nodes.count == n)
        #expect(tree.roots == [0])
        #expect(tree.nodes[n - 1].depth == Int32(n - 1))
        #expect(tree.nodes[0].subtreeEnd == Int32(n))
        #expect(tree.nodes[0].selfNs == 2 && tree.nodes[n - 1].selfNs == 2)
        // Down the chain each span is credited its last nanosecond, back up its first one.
        #expect(tree.criticalPath.count == 2 * n - 1)
        #expect(tree.nodes[0].criticalNs == 2 && tree.nodes[n - 1].criticalNs == 2)
        #expect(tree.criticalPath.last == TraceTree.PathSegment(node: 0, startNs: 0, endNs: 1))
        let stats = TraceStatistics(set, tree: tree)
        #expect(stats.operations.count == 1 && stats.operations[0].count == n)
        #expect(stats.operations[0].criticalNs == tree.durationNs)
        #expect(stats.operations[0].duration.p50Ns == Int64(n))
    }

    @Test func deepCycleIsCutIteratively() {
        var (set, trace) = Self.chain(100_000)
        set.spans[0].parentID = SpanID(100_000)  // close the loop: the root's parent is the last span
        let tree = TraceTree.build(set, trace)
        #expect(tree.cyclesCut == 1)
        #expect(tree.roots == [0] && tree.nodes[0].spanIndex == 0)
        #expect(tree.nodes[0].flags.contains(.cycleCut))
        _ = trace
    }
}
