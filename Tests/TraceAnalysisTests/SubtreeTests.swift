import Testing
import TraceModel
@testable import TraceAnalysis

/// `TraceTree.subtree(at:)`: the explorer's focus (`f`).
@Suite struct SubtreeTests {
    /// R[0,100] with A[10,60] (children A1[10,30], A2[20,50]) and B[70,90]; A2 has child A2x[25,45].
    static let specs = [
        span(1, 0, 100, name: "R"), span(2, parent: 1, 10, 60, name: "A"), span(3, parent: 2, 10, 30, name: "A1"),
        span(4, parent: 2, 20, 50, name: "A2"), span(5, parent: 4, 25, 45, name: "A2x"), span(6, parent: 1, 70, 90, name: "B"),
    ]

    @Test func rerootsRenumbersAndKeepsOrder() throws {
        let (_, tree) = buildTree(Self.specs)
        let a = try #require(tree.nodes.firstIndex { $0.spanID.value == 2 })
        let sub = tree.subtree(at: a)
        #expect(sub.shortIDs == ["2", "3", "4", "5"])
        #expect(sub.roots == [0] && sub.nodes[0].parent == -1 && sub.nodes[0].depth == 0)
        #expect(sub.nodes.map(\.parent) == [-1, 0, 0, 2])
        #expect(sub.nodes.map(\.subtreeEnd) == [4, 2, 4, 4])
        #expect(Array(sub.children(of: 0)) == [1, 2] && Array(sub.children(of: 2)) == [3])
        #expect(sub.startNs == 10_000 && sub.durationNs == 50_000)
        // Self times do not change with the focus.
        #expect(sub.nodes.map(\.selfNs) == tree.nodes[a..<a + 4].map(\.selfNs))
    }

    /// Focused, A's own critical path is walked: A2 ends last, A2x inside it; A1 ends after A2
    /// starts, so A covers the time before. The sections tile the subtree's duration.
    @Test func criticalPathIsRecomputedForTheSubtree() throws {
        let (set, tree) = buildTree(Self.specs)
        let a = try #require(tree.nodes.firstIndex { $0.spanID.value == 2 })
        let sub = tree.subtree(at: a)
        #expect(sub.pathText(set) == ["A[50,60]", "A2[45,50]", "A2x[25,45]", "A2[20,25]", "A[10,20]"])
        #expect(sub.criticalPath.reduce(0) { $0 + $1.durationNs } == sub.durationNs)
        #expect(sub.nodes.filter { $0.flags.contains(.onCriticalPath) }.count == 3)
    }

    @Test func orphanRootLosesItsPlaceholder() throws {
        let (_, tree) = buildTree([span(1, parent: 99, 0, 10, name: "O"), span(2, parent: 1, 2, 5, name: "C")])
        #expect(tree.nodes[0].isOrphan)
        let sub = tree.subtree(at: 0)
        #expect(!sub.nodes[0].isOrphan && sub.nodes[0].missingParentID == nil && sub.missingParentCount == 0)
    }
}
